#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""email_db_client from Python ctypes, no C glue: connect a mailbox on a
migrated MacroDB, read the returned row struct, ingest a one-message thread,
list the inbox (an MdbPage of EmailDbInboxThread rows), and read an error
(an id that is not a uuid) back from the GError struct."""
import ctypes as C
import os
import sys

admin = os.environ.get("MDB_TEST_DATABASE_URL")
if not admin:
    sys.exit(77)  # meson: skipped

glib = C.CDLL("libglib-2.0.so.0")
mdb = C.CDLL(os.environ["MDB_LIBMDB"])
email = C.CDLL(os.environ["MDB_LIBEMAIL"])
root = os.environ["MDB_SOURCE_ROOT"]


class GError(C.Structure):
    _fields_ = [("domain", C.c_uint32), ("code", C.c_int), ("message", C.c_char_p)]


class GPtrArray(C.Structure):
    _fields_ = [("pdata", C.POINTER(C.c_void_p)), ("len", C.c_uint)]


class MdbPage(C.Structure):
    _fields_ = [("items", C.POINTER(GPtrArray)), ("next_cursor", C.c_char_p)]


class Link(C.Structure):  # EmailDbLink, its leading fields
    _fields_ = [("id", C.c_ubyte * 16), ("macro_id", C.c_char_p), ("fusionauth_user_id", C.c_char_p),
                ("email_address", C.c_char_p)]


class InboxThread(C.Structure):  # EmailDbInboxThread, its leading fields
    _fields_ = [("id", C.c_ubyte * 16), ("provider_id", C.c_char_p), ("latest_ts", C.c_int64),
                ("is_read", C.c_int), ("subject", C.c_char_p)]


class Address(C.Structure):  # EmailDbAddress
    _fields_ = [("address", C.c_char_p), ("name", C.c_char_p)]


class MessageInput(C.Structure):  # EmailDbMessageInput
    _fields_ = [("provider_id", C.c_char_p), ("global_id", C.c_char_p), ("history_id", C.c_char_p),
                ("internal_date", C.c_int64), ("subject", C.c_char_p), ("snippet", C.c_char_p),
                ("body_text", C.c_char_p), ("body_html", C.c_char_p), ("size_estimate", C.c_int64),
                ("sender", Address), ("to", C.POINTER(Address)), ("n_to", C.c_size_t),
                ("cc", C.POINTER(Address)), ("n_cc", C.c_size_t), ("bcc", C.POINTER(Address)),
                ("n_bcc", C.c_size_t), ("label_ids", C.POINTER(C.c_char_p)), ("attachments", C.c_void_p),
                ("n_attachments", C.c_size_t)]


class ThreadInput(C.Structure):  # EmailDbThreadInput
    _fields_ = [("provider_id", C.c_char_p), ("messages", C.POINTER(MessageInput)), ("n_messages", C.c_size_t)]


ERR = C.POINTER(GError)
MDB_ERROR_INVALID_INPUT = 9


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
mdb_page_free = sig(mdb, "mdb_page_free", None, C.POINTER(MdbPage))
mdb_uuid_format = sig(mdb, "mdb_uuid_format", C.c_char_p, C.c_void_p, C.c_char_p)
mdb_error_quark = sig(mdb, "mdb_error_quark", C.c_uint32)
link_connect = sig(email, "email_db_link_connect", C.POINTER(Link), C.c_void_p, C.c_char_p, C.c_char_p,
                   C.c_char_p, C.c_int, C.POINTER(ERR))
link_free = sig(email, "email_db_link_free", None, C.POINTER(Link))
ingest = sig(email, "email_db_ingest", C.c_int, C.c_void_p, C.c_char_p, C.c_void_p, C.c_size_t,
             C.POINTER(ThreadInput), C.c_size_t, C.POINTER(ERR))
inbox_list = sig(email, "email_db_inbox_list", C.POINTER(MdbPage), C.c_void_p, C.c_char_p, C.c_char_p,
                 C.c_char_p, C.c_char_p, C.c_uint, C.POINTER(ERR))
mark_read = sig(email, "email_db_messages_mark_read", C.c_int64, C.c_void_p, C.c_char_p,
                C.POINTER(C.c_char_p), C.POINTER(C.c_char_p), C.c_int, C.POINTER(ERR))
g_free = sig(glib, "g_free", None, C.c_void_p)
g_error_free = sig(glib, "g_error_free", None, ERR)


def check(ok, err, what):
    if not ok:
        msg = err.contents.message.decode() if err else "no error set"
        raise SystemExit(f"FAIL {what}: {msg}")


err = ERR()
dbname = f"mdbt_ffi_email_{os.getpid()}".encode()
admin_conn = mdb_conn_new(admin.encode(), C.byref(err))
check(admin_conn, err, "connect as admin")
check(mdb_conn_exec_script(admin_conn, b"CREATE DATABASE " + dbname, C.byref(err)), err, "create database")
try:
    ptr = mdb_conninfo_with_dbname(admin.encode(), dbname, C.byref(err))
    check(ptr, err, "conninfo")
    url = C.cast(ptr, C.c_char_p).value
    g_free(ptr)
    conn = mdb_conn_new(url, C.byref(err))
    migrator = mdb_migrator_new(os.path.join(root, "migrations", "macrodb").encode(), C.byref(err))
    check(conn and migrator, err, "migrator")
    applied = C.c_uint(0)
    check(mdb_migrator_run(migrator, conn, -1, 10_000_000, C.byref(applied), C.byref(err)), err, "migrate")
    mdb_migrator_free(migrator)
    mdb_conn_free(conn)

    pool = mdb_pool_new_simple(url, 2, C.byref(err))
    check(pool, err, "pool")
    link = link_connect(pool, b"macro|py@x.com", b"fa-py", b"py@x.com", 0, C.byref(err))
    check(link, err, "connect")
    assert link.contents.email_address == b"py@x.com"
    buf = C.create_string_buffer(37)
    link_id = mdb_uuid_format(C.byref(link.contents, 0), buf)
    link_free(link)

    labels = (C.c_char_p * 2)(b"INBOX", None)
    to = (Address * 1)(Address(b"py@x.com", b"Py"))
    msg = MessageInput(provider_id=b"m-1", internal_date=1767261600000000, subject=b"from ctypes",
                       size_estimate=-1, sender=Address(b"ann@x.com", b"Ann"), to=to, n_to=1,
                       label_ids=labels)
    msgs = (MessageInput * 1)(msg)
    threads = (ThreadInput * 1)(ThreadInput(b"t-1", msgs, 1))
    check(ingest(pool, link_id, None, 0, threads, 1, C.byref(err)), err, "ingest")

    page = inbox_list(pool, b"macro|py@x.com", link_id, b"INBOX", None, 10, C.byref(err))
    check(page, err, "inbox")
    items = page.contents.items.contents
    rows = [C.cast(items.pdata[i], C.POINTER(InboxThread)).contents for i in range(items.len)]
    assert [(r.provider_id, r.subject, r.is_read) for r in rows] == [(b"t-1", b"from ctypes", 1)], [(r.provider_id, r.subject, r.is_read) for r in rows]
    mdb_page_free(page)

    # An error crosses the ABI as a plain GError, naming the bad array index.
    ids = (C.c_char_p * 2)(b"not-a-uuid", None)
    assert mark_read(pool, b"macro|py@x.com", ids, None, 1, C.byref(err)) == -1
    assert err and err.contents.domain == mdb_error_quark(), "not an MDB_ERROR"
    assert err.contents.code == MDB_ERROR_INVALID_INPUT, err.contents.code
    assert b"message_ids[0]" in err.contents.message, err.contents.message
    g_error_free(err)
    err = ERR()
    mdb_pool_free(pool)
finally:
    mdb_conn_exec_script(admin_conn, b"DROP DATABASE IF EXISTS " + dbname + b" WITH (FORCE)", None)
    mdb_conn_free(admin_conn)
print("ctypes: email_db_client called from Python: ok")
