#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""comms_db_client through the C ABI with Python ctypes, no C glue: a
migrated MacroDB, a channel created from a Python list of participants, a
message posted, the channel list page read as C structs (an MdbPage of
CommsDbChannelListItem), and a refused post read from the GError."""
import ctypes as C
import os
import sys

if not os.environ.get("MDB_TEST_DATABASE_URL"):
    sys.exit(77)  # meson: skipped

from mdbffi import (ERR, check, g_error_free, mdb_error_quark, mdb_page_free, mdb_pool_free,  # noqa: E402
                    mdb_pool_new_simple, migrated_database, MdbPage, sig, take_string)

comms = C.CDLL(os.environ["MDB_LIBCOMMS"])


class MdbUuid(C.Structure):
    _fields_ = [("bytes", C.c_uint8 * 16)]


class Participant(C.Structure):  # CommsDbChannelListItemParticipantsItem
    _fields_ = [("user_id", C.c_char_p), ("role", C.c_int), ("joined_at", C.c_int64)]


class ChannelListItem(C.Structure):  # CommsDbChannelListItem, field for field
    _fields_ = [("id", MdbUuid), ("name", C.c_char_p), ("channel_type", C.c_int),
                ("org_id", C.c_int64), ("org_id_is_null", C.c_int), ("owner_id", C.c_char_p),
                ("created_at", C.c_int64), ("latest_message_id", MdbUuid),
                ("latest_message_id_is_null", C.c_int), ("latest_sender_id", C.c_char_p),
                ("latest_content", C.c_char_p), ("latest_created_at", C.c_int64),
                ("latest_created_at_is_null", C.c_int), ("activity_at", C.c_int64),
                ("participants", C.POINTER(Participant)), ("n_participants", C.c_uint),
                ("unread", C.c_int64)]


MDB_ERROR_NOT_FOUND = 7
COMMS_PRIVATE = 2

channel_create = sig(comms, "comms_db_channel_create", C.c_void_p, C.c_void_p, C.c_char_p, C.c_int, C.c_char_p,
                     C.c_int64, C.POINTER(C.c_char_p), C.c_size_t, C.POINTER(ERR))
message_post = sig(comms, "comms_db_message_post", C.c_void_p, C.c_void_p, C.c_char_p, C.c_char_p, C.c_char_p,
                   C.c_char_p, C.c_void_p, C.c_size_t, C.c_void_p, C.c_size_t, C.POINTER(ERR))
message_free = sig(comms, "comms_db_message_free", None, C.c_void_p)
channels_list = sig(comms, "comms_db_channels_list", C.POINTER(MdbPage), C.c_void_p, C.c_char_p, C.c_int64,
                    C.c_char_p, C.c_uint, C.POINTER(ERR))

err = ERR()
with migrated_database(os.environ["MDB_TEST_DATABASE_URL"], "macrodb", f"mdbt_ffi_comms_{os.getpid()}".encode()) as url:
    pool = mdb_pool_new_simple(url, 2, C.byref(err))
    check(pool, err, "pool")
    members = (C.c_char_p * 2)(b"bob", "zoë".encode())
    channel = channel_create(pool, b"alice", COMMS_PRIVATE, b"team", 0, members, 2, C.byref(err))
    check(channel, err, "create")
    channel = take_string(channel).encode()
    msg = message_post(pool, channel, b"bob", None, "hallo zoë".encode(), None, 0, None, 0, C.byref(err))
    check(msg, err, "post")
    message_free(msg)

    page = channels_list(pool, b"alice", 0, None, 30, C.byref(err))
    check(page, err, "list")
    items = page.contents.items.contents
    assert items.len == 1, items.len
    item = C.cast(items.pdata[0], C.POINTER(ChannelListItem)).contents
    assert item.name == b"team" and item.channel_type == COMMS_PRIVATE, (item.name, item.channel_type)
    assert item.latest_content.decode() == "hallo zoë" and item.unread == 1, (item.latest_content, item.unread)
    people = sorted(item.participants[i].user_id.decode() for i in range(item.n_participants))
    assert people == ["alice", "bob", "zoë"], people
    assert page.contents.next_cursor is None
    mdb_page_free(page)

    # A stranger's post is refused: a plain GError with domain, code, message.
    assert not message_post(pool, channel, b"mallory", None, b"hi", None, 0, None, 0, C.byref(err))
    assert err and err.contents.domain == mdb_error_quark(), "not an MDB_ERROR"
    assert err.contents.code == MDB_ERROR_NOT_FOUND, err.contents.code
    assert b"not an active participant" in err.contents.message, err.contents.message
    g_error_free(err)
    mdb_pool_free(pool)
