"""The loader every YAML file of the project is read with — rule files, template families, the
subject catalogue: PyYAML's safe loader (a file never constructs a Python object), libyaml's when
PyYAML is built with it (about five times faster). PyYAML is imported on first use: a run whose rules
come from the cache never loads it."""

from __future__ import annotations


def safe_loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
