#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""macro_db_client from Python ctypes, no C glue: a migrated MacroDB, a
project created (its row read as a ctypes structure), an effective access
level read through an out parameter, and an error read from the GError."""
import ctypes as C
import os
import sys

admin = os.environ.get("MDB_TEST_DATABASE_URL")
if not admin:
    sys.exit(77)  # meson: skipped

from mdbffi import (ERR, check, g_error_free, mdb_conn_exec_script, mdb_conn_free, mdb_conn_new,  # noqa: E402
                    mdb_error_quark, mdb_pool_free, mdb_pool_new_simple, migrated_database, sig)

macro = C.CDLL(os.environ["MDB_LIBMACRO"])


class MacroDbProject(C.Structure):  # the exported row type, in field order
    _fields_ = [("id", C.c_char_p), ("name", C.c_char_p), ("user_id", C.c_char_p),
                ("parent_id", C.c_char_p), ("created_at", C.c_int64), ("updated_at", C.c_int64)]


MDB_ERROR_INVALID_INPUT = 9
MDB_ERROR_FOREIGN_KEY_VIOLATION = 5
ITEM_PROJECT = 2
LEVEL_OWNER, NO_ACCESS = 3, -1


project_create = sig(macro, "macro_db_project_create", C.POINTER(MacroDbProject), C.c_void_p, C.c_char_p,
                     C.c_char_p, C.c_char_p, C.c_int, C.c_int, C.POINTER(ERR))
project_free = sig(macro, "macro_db_project_free", None, C.POINTER(MacroDbProject))
access_level = sig(macro, "macro_db_access_level", C.c_int, C.c_void_p, C.c_char_p, C.c_char_p, C.c_int,
                   C.POINTER(C.c_int), C.POINTER(ERR))
level_name = sig(macro, "macro_db_access_level_to_string", C.c_char_p, C.c_int)


err = ERR()
with migrated_database(admin, "macrodb", f"mdbt_ffi_macro_{os.getpid()}".encode()) as url:
    conn = mdb_conn_new(url, C.byref(err))
    check(conn, err, "connect")
    check(mdb_conn_exec_script(conn, b"INSERT INTO \"User\" (id, email) VALUES ('ann', 'ann@example.com')",
                               C.byref(err)), err, "user")
    mdb_conn_free(conn)

    pool = mdb_pool_new_simple(url, 2, C.byref(err))
    check(pool, err, "pool")
    p = project_create(pool, b"ann", b"Plans", None, 0, NO_ACCESS, C.byref(err))
    check(p, err, "project create")
    assert p.contents.name == b"Plans" and p.contents.user_id == b"ann" and p.contents.parent_id is None
    project_id = p.contents.id

    level = C.c_int(NO_ACCESS)
    assert access_level(pool, b"ann", project_id, ITEM_PROJECT, C.byref(level), C.byref(err)) == 1
    assert level.value == LEVEL_OWNER and level_name(level.value) == b"owner", level.value
    assert access_level(pool, b"bob", project_id, ITEM_PROJECT, C.byref(level), C.byref(err)) == 0
    assert not err, "no access is FALSE without an error"
    project_free(p)

    # Errors cross the ABI as plain GErrors: refused input, then a constraint.
    assert not project_create(pool, b"ann", b"", None, 0, NO_ACCESS, C.byref(err))
    assert err.contents.domain == mdb_error_quark() and err.contents.code == MDB_ERROR_INVALID_INPUT
    assert b"name" in err.contents.message, err.contents.message
    g_error_free(err)
    err = ERR()
    assert not project_create(pool, b"ann", b"Orphan", b"no-such-parent", 0, NO_ACCESS, C.byref(err))
    assert err.contents.code == MDB_ERROR_FOREIGN_KEY_VIOLATION, err.contents.code
    g_error_free(err)
    err = ERR()
    mdb_pool_free(pool)
print("ctypes: macro_db_client called from Python: ok")
