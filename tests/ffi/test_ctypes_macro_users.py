#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""macro_db_client (part 2) from Python ctypes, no C glue: a struct in
(MacroDbNewUser), a row struct out (MacroDbUser, freed by its _free), a
NULL-terminated string array both ways, and an error read from the GError."""
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


class NewUser(C.Structure):  # MacroDbNewUser
    _fields_ = [("email", C.c_char_p), ("username", C.c_char_p), ("stripe_customer_id", C.c_char_p),
                ("is_verified", C.c_int), ("organization_id", C.c_int32), ("roles", C.POINTER(C.c_char_p))]


class User(C.Structure):  # MacroDbUser (generated row; strings point into its result)
    _fields_ = [("id", C.c_char_p), ("email", C.c_char_p), ("name", C.c_char_p), ("first_name", C.c_char_p),
                ("last_name", C.c_char_p), ("title", C.c_char_p), ("industry", C.c_char_p),
                ("profile_picture", C.c_char_p), ("organization_id", C.c_int32),
                ("organization_id_is_null", C.c_int), ("macro_user_id", C.c_uint8 * 16),
                ("macro_user_id_is_null", C.c_int), ("roles", C.POINTER(C.c_char_p))]


ERR = C.POINTER(GError)
MDB_ERROR_INVALID_INPUT = 9
MDB_ERROR_NOT_FOUND = 7


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
user_create = sig(macro, "macro_db_user_create", C.POINTER(User), C.c_void_p, C.POINTER(NewUser), C.POINTER(ERR))
user_by_email = sig(macro, "macro_db_user_get_by_email", C.POINTER(User), C.c_void_p, C.c_char_p, C.POINTER(ERR))
user_free = sig(macro, "macro_db_user_free", None, C.POINTER(User))
g_free = sig(glib, "g_free", None, C.c_void_p)
g_error_free = sig(glib, "g_error_free", None, ERR)


def check(ok, err, what):
    if not ok:
        raise SystemExit(f"FAIL {what}: {err.contents.message.decode() if err else 'no error set'}")


def strv(ptr):
    out, i = [], 0
    while ptr[i] is not None:
        out.append(ptr[i].decode())
        i += 1
    return out


err = ERR()
dbname = f"mdbt_ffi_macro_{os.getpid()}".encode()
admin_conn = mdb_conn_new(admin.encode(), C.byref(err))
check(admin_conn, err, "connect as admin")
check(mdb_conn_exec_script(admin_conn, b"CREATE DATABASE " + dbname, C.byref(err)), err, "create database")
try:
    raw = mdb_conninfo_with_dbname(admin.encode(), dbname, C.byref(err))
    check(raw, err, "conninfo")
    url = C.cast(raw, C.c_char_p).value
    g_free(raw)
    conn = mdb_conn_new(url, C.byref(err))
    migrator = mdb_migrator_new(os.path.join(root, "migrations", "macrodb").encode(), C.byref(err))
    check(conn and migrator, err, "migrator")
    applied = C.c_uint(0)
    check(mdb_migrator_run(migrator, conn, -1, 10_000_000, C.byref(applied), C.byref(err)), err, "migrate")
    mdb_migrator_free(migrator)
    mdb_conn_free(conn)
    pool = mdb_pool_new_simple(url, 2, C.byref(err))
    check(pool, err, "pool")

    roles = (C.c_char_p * 3)(b"self_serve", b"corporate", None)
    new = NewUser(b"Zo\xc3\xab@example.com", b"zoe", b"cus_zoe", 1, 0, roles)
    user = user_create(pool, C.byref(new), C.byref(err))
    check(user, err, "create user")
    assert user.contents.id == "macro|Zoë@example.com".encode(), user.contents.id
    assert strv(user.contents.roles) == ["corporate", "self_serve"], strv(user.contents.roles)
    assert user.contents.organization_id_is_null
    user_free(user)

    found = user_by_email(pool, "ZOË@EXAMPLE.COM".encode(), C.byref(err))
    check(found, err, "get by email")
    assert found.contents.email == "Zoë@example.com".encode(), found.contents.email
    user_free(found)

    # Errors cross the ABI as a plain GError: refused input, then not found.
    bad = NewUser(b"no-at-sign", b"x", b"cus_x", 0, 0, None)
    assert not user_create(pool, C.byref(bad), C.byref(err))
    assert err.contents.domain == mdb_error_quark() and err.contents.code == MDB_ERROR_INVALID_INPUT
    assert b"email has no '@'" in err.contents.message, err.contents.message
    g_error_free(err)
    err = ERR()
    assert not user_by_email(pool, b"nobody@example.com", C.byref(err))
    assert err.contents.code == MDB_ERROR_NOT_FOUND, err.contents.code
    g_error_free(err)
    err = ERR()
    mdb_pool_free(pool)
finally:
    mdb_conn_exec_script(admin_conn, b"DROP DATABASE IF EXISTS " + dbname + b" WITH (FORCE)", None)
    mdb_conn_free(admin_conn)
print("ctypes: macro_db_client users called from Python: ok")
