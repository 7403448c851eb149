#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Another language through the C ABI: Python ctypes loads libmdb and
contacts_db_client, builds a migrated database, and calls the library,
including an error path read from the GError struct.  No C glue at all."""
import ctypes as C
import os
import sys

admin = os.environ.get("MDB_TEST_DATABASE_URL")
if not admin:
    sys.exit(77)  # meson: skipped

from mdbffi import (ERR, GError, check, g_error_free, mdb, mdb_conn_exec_script, mdb_conn_free,  # noqa: E402,F401
                    mdb_conn_new, mdb_conninfo_with_dbname, mdb_error_quark, mdb_migrator_free, mdb_migrator_new,
                    mdb_migrator_run, mdb_pool_free, mdb_pool_new_simple, sig, take_string)

contacts = C.CDLL(os.environ["MDB_LIBCONTACTS"])
root = os.environ["MDB_SOURCE_ROOT"]


class Pair(C.Structure):  # ContactsDbPair
    _fields_ = [("user_a", C.c_char_p), ("user_b", C.c_char_p)]


class GPtrArray(C.Structure):  # items are strings here
    _fields_ = [("pdata", C.POINTER(C.c_char_p)), ("len", C.c_uint)]


class MdbPage(C.Structure):
    _fields_ = [("items", C.POINTER(GPtrArray)), ("next_cursor", C.c_char_p)]


MDB_ERROR_INVALID_INPUT = 9

create = sig(contacts, "contacts_db_connections_create", C.c_int64, C.c_void_p, C.POINTER(Pair), C.c_size_t,
             C.POINTER(ERR))
contacts_list = sig(contacts, "contacts_db_contacts_list", C.POINTER(MdbPage), C.c_void_p, C.c_char_p,
                    C.c_char_p, C.c_uint, C.POINTER(ERR))
mdb_page_free = sig(mdb, "mdb_page_free", None, C.POINTER(MdbPage))
exists = sig(contacts, "contacts_db_connection_exists", C.c_int, C.c_void_p, C.c_char_p, C.c_char_p,
             C.POINTER(ERR))


err = ERR()
dbname = f"mdbt_ffi_{os.getpid()}".encode()
admin_conn = mdb_conn_new(admin.encode(), C.byref(err))
check(admin_conn, err, "connect as admin")
check(mdb_conn_exec_script(admin_conn, b"CREATE DATABASE " + dbname, C.byref(err)), err, "create database")
try:
    url = mdb_conninfo_with_dbname(admin.encode(), dbname, C.byref(err))
    check(url, err, "conninfo")
    url = take_string(url).encode()

    conn = mdb_conn_new(url, C.byref(err))
    migrator = mdb_migrator_new(os.path.join(root, "migrations", "contactsdb").encode(), C.byref(err))
    check(conn and migrator, err, "migrator")
    applied = C.c_uint(0)
    check(mdb_migrator_run(migrator, conn, -1, 10_000_000, C.byref(applied), C.byref(err)), err, "migrate")
    assert applied.value >= 2, applied.value
    mdb_migrator_free(migrator)
    mdb_conn_free(conn)

    pool = mdb_pool_new_simple(url, 2, C.byref(err))
    check(pool, err, "pool")
    pairs = (Pair * 3)(Pair(b"bob", b"alice"), Pair(b"alice", "zoë".encode()), Pair(b"alice", b"bob"))
    n = create(pool, pairs, 3, C.byref(err))
    check(n >= 0, err, "create")
    assert n == 2, f"expected 2 new connections, got {n}"

    # Keyset pages: the items of an MdbPage, then its next_cursor (an
    # opaque token) for the next page; None on the last page.
    got, cursor = [], None
    while True:
        page = contacts_list(pool, b"alice", cursor, 1, C.byref(err))
        check(page, err, "list")
        items = page.contents.items.contents
        got += [items.pdata[i].decode() for i in range(items.len)]
        cursor = page.contents.next_cursor  # ctypes copies it to a bytes object
        mdb_page_free(page)
        if cursor is None:
            break
    assert got == ["bob", "zoë"], got

    # A changed cursor is refused before anything is sent.
    assert not contacts_list(pool, b"alice", b"AQ" + b"A" * 30, 1, C.byref(err))
    assert err.contents.code == MDB_ERROR_INVALID_INPUT and b"invalid cursor" in err.contents.message
    g_error_free(err)
    err = ERR()

    assert exists(pool, "zoë".encode(), b"alice", C.byref(err)) == 1

    # An error crosses the ABI as a plain GError: domain, code, message.
    bad = (Pair * 1)(Pair(b"carol", b"carol"))
    assert create(pool, bad, 1, C.byref(err)) == -1
    assert err and err.contents.domain == mdb_error_quark(), "not an MDB_ERROR"
    assert err.contents.code == MDB_ERROR_INVALID_INPUT, err.contents.code
    assert b"pair 0" in err.contents.message and b"itself" in err.contents.message, err.contents.message
    g_error_free(err)
    err = ERR()

    mdb_pool_free(pool)
finally:
    mdb_conn_exec_script(admin_conn, b"DROP DATABASE IF EXISTS " + dbname + b" WITH (FORCE)", None)
    mdb_conn_free(admin_conn)
print("ctypes: libmdb and contacts_db_client called from Python: ok")
