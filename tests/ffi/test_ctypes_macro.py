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

glib = C.CDLL("libglib-2.0.so.0")
mdb = C.CDLL(os.environ["MDB_LIBMDB"])
macro = C.CDLL(os.environ["MDB_LIBMACRO"])
root = os.environ["MDB_SOURCE_ROOT"]


class GError(C.Structure):
    _fields_ = [("domain", C.c_uint32), ("code", C.c_int), ("message", C.c_char_p)]


class MacroDbProject(C.Structure):  # the exported row type, in field order
    _fields_ = [("id", C.c_char_p), ("name", C.c_char_p), ("user_id", C.c_char_p),
                ("parent_id", C.c_char_p), ("created_at", C.c_int64), ("updated_at", C.c_int64)]


ERR = C.POINTER(GError)
MDB_ERROR_INVALID_INPUT = 9
MDB_ERROR_FOREIGN_KEY_VIOLATION = 5
ITEM_PROJECT = 2
LEVEL_OWNER, NO_ACCESS = 3, -1


def sig(lib, name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype, f.argtypes = restype, list(argtypes)
    return f


mdb_conn_new = sig(mdb, "mdb_conn_new", C.c_void_p, C.c_char_p, C.POINTER(ERR))
mdb_conn_free = sig(mdb, "mdb_conn_free", None, C.c_void_p)
mdb_conn_exec_script = sig(mdb, "mdb_conn_exec_script", C.c_int, C.c_void_p, C.c_char_p, C.POINTER(ERR))
mdb_conninfo_with_dbname = sig(mdb, "mdb_conninfo_with_dbname", C.c_void_p, C.c_char_p, C.c_char_p, C.POINTER(ERR))
mdb_migrator_new = sig(mdb, "mdb_migrator_new", C.c_void_p, C.c_char_p, C.POINTER(ERR))
mdb_migrator_run = sig(mdb, "mdb_migrator_run", C.c_int, C.c_void_p, C.c_void_p, C.c_int64, C.c_int64,
                       C.POINTER(C.c_uint), C.POINTER(ERR))
mdb_migrator_free = sig(mdb, "mdb_migrator_free", None, C.c_void_p)
mdb_pool_new_simple = sig(mdb, "mdb_pool_new_simple", C.c_void_p, C.c_char_p, C.c_uint, C.POINTER(ERR))
mdb_pool_free = sig(mdb, "mdb_pool_free", None, C.c_void_p)
mdb_error_quark = sig(mdb, "mdb_error_quark", C.c_uint32)
project_create = sig(macro, "macro_db_project_create", C.POINTER(MacroDbProject), C.c_void_p, C.c_char_p,
                     C.c_char_p, C.c_char_p, C.c_int, C.c_int, C.POINTER(ERR))
project_free = sig(macro, "macro_db_project_free", None, C.POINTER(MacroDbProject))
access_level = sig(macro, "macro_db_access_level", C.c_int, C.c_void_p, C.c_char_p, C.c_char_p, C.c_int,
                   C.POINTER(C.c_int), C.POINTER(ERR))
level_name = sig(macro, "macro_db_access_level_to_string", C.c_char_p, C.c_int)
g_free = sig(glib, "g_free", None, C.c_void_p)
g_error_free = sig(glib, "g_error_free", None, ERR)


def check(ok, err, what):
    if not ok:
        msg = err.contents.message.decode() if err else "no error set"
        raise SystemExit(f"FAIL {what}: {msg}")


err = ERR()
dbname = f"mdbt_ffi_macro_{os.getpid()}".encode()
admin_conn = mdb_conn_new(admin.encode(), C.byref(err))
check(admin_conn, err, "connect as admin")
check(mdb_conn_exec_script(admin_conn, b"CREATE DATABASE " + dbname, C.byref(err)), err, "create database")
try:
    url_ptr = mdb_conninfo_with_dbname(admin.encode(), dbname, C.byref(err))
    check(url_ptr, err, "conninfo")
    url = C.cast(url_ptr, C.c_char_p).value
    g_free(url_ptr)

    conn = mdb_conn_new(url, C.byref(err))
    migrator = mdb_migrator_new(os.path.join(root, "migrations", "macrodb").encode(), C.byref(err))
    check(conn and migrator, err, "migrator")
    applied = C.c_uint(0)
    check(mdb_migrator_run(migrator, conn, -1, 10_000_000, C.byref(applied), C.byref(err)), err, "migrate")
    check(mdb_conn_exec_script(conn, b"INSERT INTO \"User\" (id, email) VALUES ('ann', 'ann@example.com')",
                               C.byref(err)), err, "user")
    mdb_migrator_free(migrator)
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
finally:
    mdb_conn_exec_script(admin_conn, b"DROP DATABASE IF EXISTS " + dbname + b" WITH (FORCE)", None)
    mdb_conn_free(admin_conn)
print("ctypes: macro_db_client called from Python: ok")
