"""budget-audit: a consistency auditor for published government budget disclosures."""

__version__ = "0.1.0"
