"""Property-based tests (issue 15): mutated and random inputs to every reader, the number and
claims parsers and the rule-file loader give findings or a clean refusal (exit 2), never a
crash. A few derandomized examples each keep CI fast and repeatable; ``bench/fuzz.py`` runs
the same targets with thousands of random ones and prints the figures.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from .fuzzing import TARGETS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
CI = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _property(name: str):
    target, inputs = TARGETS[name]

    @CI
    @given(inputs)
    def prop(value):
        assert target(value) in ("read", "refused")

    return prop


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_mutated_and_random_inputs_give_findings_or_a_clean_refusal(name):
    _property(name)()
