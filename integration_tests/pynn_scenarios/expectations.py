"""Scenario tests we skip, each with the reason (the feature we do not support yet).

Key: "<module>::<test function>".  Every entry is a promise to remove it when the feature
lands; docs/compatibility.md is generated from the run (report.py).
"""
UNSUPPORTED = {
}
