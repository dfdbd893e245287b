"""The kinds of Arrow values that cross, as go/bridge/goarrow.h numbers them.

Every goarrow extension's C glue exports the same numbers; goarrow._runtime checks that the loaded
extension agrees before using it.
"""

ARRAY = 16  # schema + array: an array
BATCH = 17  # schema + array: a record batch
STREAM = 18  # stream, read lazily
TABLE = 19  # stream of a table already in memory
CHUNKED = 20  # stream of a chunked array's chunks
SCHEMA = 21
FIELD = 22
TYPE = 23

ALL = {name: value for name, value in globals().items() if name.isupper() and name != "ALL"}
