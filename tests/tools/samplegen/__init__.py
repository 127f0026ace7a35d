"""samplegen — the parts of tests/tools/gen_samples.py (see its docstring)."""
