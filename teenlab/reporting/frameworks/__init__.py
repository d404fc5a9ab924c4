"""The funders' indicator catalogues (issue 13, point 3; docs/indicators.md, "Funders'
indicators"): Interreg, ESF+ and the French BPF, computed from the records of a scope."""

from __future__ import annotations

from teenlab.reporting.frameworks.base import Framework, Indicator, Value, framework_compute
from teenlab.reporting.frameworks.bpf import BPF
from teenlab.reporting.frameworks.esfplus import ESFPLUS
from teenlab.reporting.frameworks.interreg import INTERREG

FRAMEWORKS: dict[str, Framework] = {f.code: f for f in (INTERREG, ESFPLUS, BPF)}

__all__ = ["FRAMEWORKS", "Framework", "Indicator", "Value", "framework_compute", "indicator_get"]


def indicator_get(framework: str, code: str) -> Indicator | None:
    found = FRAMEWORKS.get(framework)
    if found is None:
        return None
    return next((i for i in found.catalogue if i.code == code), None)
