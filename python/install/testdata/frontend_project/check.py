"""Run by the installed package's interpreter: the Go function over pyarrow data."""

import pyarrow as pa

import frontend_project

assert frontend_project.fn.count_valid(pa.array([1.0, None, 3.0, None, 5.0])) == 3
print("count_valid OK from", frontend_project.__file__)
