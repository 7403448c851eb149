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

from mdbffi import (ERR, check, g_error_free, mdb, mdb_error_quark, mdb_page_free, mdb_pool_free,  # noqa: E402
                    mdb_pool_new_simple, migrated_database, MdbPage, sig)

email = C.CDLL(os.environ["MDB_LIBEMAIL"])
MDB_ERROR_INVALID_INPUT = 9


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


mdb_uuid_format = sig(mdb, "mdb_uuid_format", C.c_char_p, C.c_void_p, C.c_char_p)
link_connect = sig(email, "email_db_link_connect", C.POINTER(Link), C.c_void_p, C.c_char_p, C.c_char_p,
                   C.c_char_p, C.c_int, C.POINTER(ERR))
link_free = sig(email, "email_db_link_free", None, C.POINTER(Link))
ingest = sig(email, "email_db_ingest", C.c_int, C.c_void_p, C.c_char_p, C.c_void_p, C.c_size_t,
             C.POINTER(ThreadInput), C.c_size_t, C.POINTER(ERR))
inbox_list = sig(email, "email_db_inbox_list", C.POINTER(MdbPage), C.c_void_p, C.c_char_p, C.c_char_p,
                 C.c_char_p, C.c_char_p, C.c_uint, C.POINTER(ERR))
mark_read = sig(email, "email_db_messages_mark_read", C.c_int64, C.c_void_p, C.c_char_p,
                C.POINTER(C.c_char_p), C.POINTER(C.c_char_p), C.c_int, C.POINTER(ERR))


err = ERR()
with migrated_database(admin, "macrodb", f"mdbt_ffi_email_{os.getpid()}".encode()) as url:
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
print("ctypes: email_db_client called from Python: ok")
