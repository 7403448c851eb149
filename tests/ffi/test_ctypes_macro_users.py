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

from mdbffi import (ERR, check, g_error_free, mdb_error_quark, mdb_pool_free, mdb_pool_new_simple,  # noqa: E402
                    migrated_database, sig)

macro = C.CDLL(os.environ["MDB_LIBMACRO"])


class NewUser(C.Structure):  # MacroDbNewUser
    _fields_ = [("email", C.c_char_p), ("username", C.c_char_p), ("stripe_customer_id", C.c_char_p),
                ("is_verified", C.c_int), ("organization_id", C.c_int32), ("roles", C.POINTER(C.c_char_p))]


class User(C.Structure):  # MacroDbUser (generated row; strings point into its result)
    _fields_ = [("id", C.c_char_p), ("email", C.c_char_p), ("name", C.c_char_p), ("first_name", C.c_char_p),
                ("last_name", C.c_char_p), ("title", C.c_char_p), ("industry", C.c_char_p),
                ("profile_picture", C.c_char_p), ("organization_id", C.c_int32),
                ("organization_id_is_null", C.c_int), ("macro_user_id", C.c_uint8 * 16),
                ("macro_user_id_is_null", C.c_int), ("roles", C.POINTER(C.c_char_p))]


MDB_ERROR_INVALID_INPUT = 9
MDB_ERROR_NOT_FOUND = 7


user_create = sig(macro, "macro_db_user_create", C.POINTER(User), C.c_void_p, C.POINTER(NewUser), C.POINTER(ERR))
user_by_email = sig(macro, "macro_db_user_get_by_email", C.POINTER(User), C.c_void_p, C.c_char_p, C.POINTER(ERR))
user_free = sig(macro, "macro_db_user_free", None, C.POINTER(User))


def strv(ptr):
    out, i = [], 0
    while ptr[i] is not None:
        out.append(ptr[i].decode())
        i += 1
    return out


err = ERR()
with migrated_database(admin, "macrodb", f"mdbt_ffi_macro_{os.getpid()}".encode()) as url:
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
print("ctypes: macro_db_client users called from Python: ok")
