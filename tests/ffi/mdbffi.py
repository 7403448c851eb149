# SPDX-License-Identifier: MIT
"""What the ctypes tests share: libmdb's and GLib's signatures, the GError
and MdbPage structs, and a throwaway migrated database (no C glue)."""
import contextlib
import ctypes as C
import os


class GError(C.Structure):
    _fields_ = [("domain", C.c_uint32), ("code", C.c_int), ("message", C.c_char_p)]


class GPtrArray(C.Structure):
    _fields_ = [("pdata", C.POINTER(C.c_void_p)), ("len", C.c_uint)]


class MdbPage(C.Structure):
    _fields_ = [("items", C.POINTER(GPtrArray)), ("next_cursor", C.c_char_p)]


ERR = C.POINTER(GError)


def sig(lib, name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype, f.argtypes = restype, list(argtypes)
    return f


glib = C.CDLL("libglib-2.0.so.0")
mdb = C.CDLL(os.environ["MDB_LIBMDB"])
g_free = sig(glib, "g_free", None, C.c_void_p)
g_error_free = sig(glib, "g_error_free", None, ERR)
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
mdb_page_free = sig(mdb, "mdb_page_free", None, C.POINTER(MdbPage))
mdb_error_quark = sig(mdb, "mdb_error_quark", C.c_uint32)


def check(ok, err, what):
    if not ok:
        msg = err.contents.message.decode() if err else "no error set"
        raise SystemExit(f"FAIL {what}: {msg}")


def take_string(ptr):
    value = C.cast(ptr, C.c_char_p).value.decode()
    g_free(ptr)
    return value


@contextlib.contextmanager
def migrated_database(admin, database, name):
    """A new database @name on the server of @admin, migrated with
    migrations/@database; yields its URL (bytes) and drops it afterwards."""
    err = ERR()
    admin_conn = mdb_conn_new(admin.encode(), C.byref(err))
    check(admin_conn, err, "connect as admin")
    check(mdb_conn_exec_script(admin_conn, b"CREATE DATABASE " + name, C.byref(err)), err, "create database")
    try:
        url = mdb_conninfo_with_dbname(admin.encode(), name, C.byref(err))
        check(url, err, "conninfo")
        url = take_string(url).encode()
        conn = mdb_conn_new(url, C.byref(err))
        root = os.environ["MDB_SOURCE_ROOT"]
        migrator = mdb_migrator_new(os.path.join(root, "migrations", database).encode(), C.byref(err))
        check(conn and migrator, err, "migrator")
        applied = C.c_uint(0)
        check(mdb_migrator_run(migrator, conn, -1, 10_000_000, C.byref(applied), C.byref(err)), err, "migrate")
        mdb_migrator_free(migrator)
        mdb_conn_free(conn)
        yield url
    finally:
        mdb_conn_exec_script(admin_conn, b"DROP DATABASE IF EXISTS " + name + b" WITH (FORCE)", None)
        mdb_conn_free(admin_conn)
