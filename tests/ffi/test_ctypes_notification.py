#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""notification_db_client from Python through ctypes, no C glue: fan-out
(a struct in, a row with a string array out), should_email (a GArray of
gboolean back), and an error read from the GError struct."""
import ctypes as C
import os
import sys

admin = os.environ.get("MDB_TEST_DATABASE_URL")
if not admin:
    sys.exit(77)  # meson: skipped

from mdbffi import (ERR, check, g_error_free, glib, mdb_error_quark, mdb_pool_free,  # noqa: E402
                    mdb_pool_new_simple, migrated_database, sig)

notif = C.CDLL(os.environ["MDB_LIBNOTIFICATION"])


class GArray(C.Structure):
    _fields_ = [("data", C.c_void_p), ("len", C.c_uint)]


class Event(C.Structure):  # NotificationDbEvent
    _fields_ = [("id", C.c_char_p), ("event_type", C.c_char_p), ("item_id", C.c_char_p),
                ("item_type", C.c_char_p), ("service_sender", C.c_char_p), ("metadata", C.c_char_p),
                ("sender_id", C.c_char_p), ("important", C.c_int)]


class Recipient(C.Structure):  # NotificationDbRecipient
    _fields_ = [("user_id", C.c_char_p), ("email", C.c_char_p)]


class FanOut(C.Structure):  # NotificationDbFanOut
    _fields_ = [("id", C.c_uint8 * 16), ("created_at", C.c_int64),
                ("notified", C.POINTER(C.c_char_p)), ("n_stored", C.c_int64)]


MDB_ERROR_INVALID_INPUT = 9

notify = sig(notif, "notification_db_notify", C.POINTER(FanOut), C.c_void_p, C.POINTER(Event),
             C.POINTER(C.c_char_p), C.c_size_t, C.POINTER(ERR))
fan_out_free = sig(notif, "notification_db_fan_out_free", None, C.POINTER(FanOut))
mute = sig(notif, "notification_db_mute", C.c_int, C.c_void_p, C.c_char_p, C.POINTER(ERR))
should_email = sig(notif, "notification_db_should_email", C.POINTER(GArray), C.c_void_p, C.c_char_p, C.c_char_p,
                   C.c_char_p, C.POINTER(Recipient), C.c_size_t, C.POINTER(ERR))
unseen = sig(notif, "notification_db_unseen_count", C.c_int64, C.c_void_p, C.c_char_p, C.POINTER(ERR))
g_array_unref = sig(glib, "g_array_unref", None, C.POINTER(GArray))

err = ERR()
with migrated_database(admin, "macrodb", f"mdbt_ffi_notif_{os.getpid()}".encode()) as url:
    pool = mdb_pool_new_simple(url, 2, C.byref(err))
    check(pool, err, "pool")
    check(mute(pool, b"dave", C.byref(err)), err, "mute")

    event = Event(None, b"document_mention", b"doc-1", b"document", b"py", b'{"k": 1}', "zoë".encode(), 0)
    users = (C.c_char_p * 3)(b"bob", b"dave", "zoë".encode())
    out = notify(pool, C.byref(event), users, 3, C.byref(err))
    check(out, err, "notify")
    notified = []
    i = 0
    while out.contents.notified[i] is not None:
        notified.append(out.contents.notified[i].decode())
        i += 1
    assert notified == ["bob", "zoë"], notified
    assert out.contents.n_stored == 2 and out.contents.id[6] >> 4 == 7  # a UUIDv7
    fan_out_free(out)
    assert unseen(pool, "zoë".encode(), C.byref(err)) == 1

    # One gboolean per recipient, in input order (dave is muted).
    rcpt = (Recipient * 3)(Recipient(b"dave", None), Recipient(b"bob", b"bob@x.com"), Recipient(b"new", None))
    answers = should_email(pool, b"document_mention", b"doc-1", b"document", rcpt, 3, C.byref(err))
    check(answers, err, "should_email")
    flags = C.cast(answers.contents.data, C.POINTER(C.c_int))
    assert [flags[i] for i in range(answers.contents.len)] == [0, 1, 1]
    g_array_unref(answers)

    # An error crosses the ABI as a plain GError naming the argument and index.
    assert not notify(pool, C.byref(event), (C.c_char_p * 2)(b"bob", b""), 2, C.byref(err))
    assert err and err.contents.domain == mdb_error_quark(), "not an MDB_ERROR"
    assert err.contents.code == MDB_ERROR_INVALID_INPUT, err.contents.code
    assert b"user_ids[1] is empty" in err.contents.message, err.contents.message
    g_error_free(err)
    err = ERR()

    mdb_pool_free(pool)
print("ctypes: notification_db_client called from Python: ok")
