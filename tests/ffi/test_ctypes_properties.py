#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""properties_db_client from Python ctypes, no C glue: create a definition
with options (a struct and an array of structs in), set a value, read it
back as a typed row list, and read a database-side type error back from
the GError struct."""
import ctypes as C
import os
import sys

admin = os.environ.get("MDB_TEST_DATABASE_URL")
if not admin:
    sys.exit(77)  # meson: skipped

from mdbffi import (ERR, check, g_error_free, mdb, mdb_conn_exec_script, mdb_conn_free, mdb_conn_new,  # noqa: E402
                    mdb_error_quark, mdb_pool_free, mdb_pool_new_simple, migrated_database, sig)

props = C.CDLL(os.environ["MDB_LIBPROPERTIES"])

SELECT_STRING, DOCUMENT = 5, 2           # PropertiesDbPropertyDataType, PropertiesDbPropertyEntityType
MDB_ERROR_CHECK_VIOLATION = 6


class OptionSpec(C.Structure):       # PropertiesDbOptionSpec
    _fields_ = [("display_order", C.c_int32), ("is_number", C.c_int), ("number_value", C.c_double),
                ("string_value", C.c_char_p)]


class DefinitionSpec(C.Structure):   # PropertiesDbDefinitionSpec
    _fields_ = [("display_name", C.c_char_p), ("data_type", C.c_int), ("is_multi_select", C.c_int),
                ("has_specific_entity_type", C.c_int), ("specific_entity_type", C.c_int),
                ("organization_id", C.c_int32)]


class Entity(C.Structure):           # PropertiesDbEntity
    _fields_ = [("entity_type", C.c_int), ("entity_id", C.c_char_p)]


class OptionItem(C.Structure):       # PropertiesDbDefinitionOptionsItem / ...EntityValueOptionsItem
    _fields_ = [("id", C.c_uint8 * 16), ("display_order", C.c_int32), ("number_value", C.c_double),
                ("number_value_is_null", C.c_int), ("string_value", C.c_char_p)]


class Definition(C.Structure):       # PropertiesDbDefinition
    _fields_ = [("id", C.c_uint8 * 16), ("organization_id", C.c_int32), ("organization_id_is_null", C.c_int),
                ("user_id", C.c_char_p), ("display_name", C.c_char_p), ("data_type", C.c_int),
                ("is_multi_select", C.c_int), ("specific_entity_type", C.c_int),
                ("specific_entity_type_is_null", C.c_int), ("created_at", C.c_int64), ("updated_at", C.c_int64),
                ("options", C.POINTER(OptionItem)), ("n_options", C.c_uint)]


class EntityValue(C.Structure):      # PropertiesDbEntityValue
    _fields_ = [("entity_id", C.c_char_p), ("entity_type", C.c_int), ("definition_id", C.c_uint8 * 16),
                ("display_name", C.c_char_p), ("data_type", C.c_int), ("is_multi_select", C.c_int),
                ("specific_entity_type", C.c_int), ("specific_entity_type_is_null", C.c_int),
                ("values", C.c_char_p), ("updated_at", C.c_int64),
                ("options", C.POINTER(OptionItem)), ("n_options", C.c_uint)]


class EntityValueList(C.Structure):  # PropertiesDbEntityValueList
    _fields_ = [("n_rows", C.c_uint), ("rows", C.POINTER(EntityValue))]


mdb_uuid_format = sig(mdb, "mdb_uuid_format", C.c_char_p, C.c_void_p, C.c_char_p)
create = sig(props, "properties_db_definition_create", C.POINTER(Definition), C.c_void_p, C.c_char_p,
             C.POINTER(DefinitionSpec), C.POINTER(OptionSpec), C.c_size_t, C.POINTER(ERR))
definition_free = sig(props, "properties_db_definition_free", None, C.POINTER(Definition))
value_set = sig(props, "properties_db_value_set", C.c_int, C.c_void_p, C.c_char_p, C.POINTER(Entity), C.c_char_p,
                C.c_char_p, C.POINTER(ERR))
values_get = sig(props, "properties_db_values_get", C.POINTER(EntityValueList), C.c_void_p, C.c_char_p,
                 C.POINTER(Entity), C.POINTER(ERR))
value_list_free = sig(props, "properties_db_entity_value_list_free", None, C.POINTER(EntityValueList))


def uuid(raw):
    out = C.create_string_buffer(37)
    return mdb_uuid_format(C.byref(raw), out).decode()


err = ERR()
with migrated_database(admin, "macrodb", f"mdbt_ffi_props_{os.getpid()}".encode()) as url:
    conn = mdb_conn_new(url, C.byref(err))
    check(conn, err, "connect")
    check(mdb_conn_exec_script(conn, b"INSERT INTO \"User\" (id, email) VALUES ('macro|py', 'py@x.test')",
                               C.byref(err)), err, "user")
    mdb_conn_free(conn)

    pool = mdb_pool_new_simple(url, 2, C.byref(err))
    check(pool, err, "pool")
    spec = DefinitionSpec(b"Size", SELECT_STRING, 0, 0, 0, 0)
    opts = (OptionSpec * 3)(OptionSpec(2, 0, 0, b"L"), OptionSpec(0, 0, 0, b"S"), OptionSpec(1, 0, 0, b"M"))
    d = create(pool, b"macro|py", C.byref(spec), opts, 3, C.byref(err))
    check(d, err, "create")
    got = [d.contents.options[i].string_value.decode() for i in range(d.contents.n_options)]
    assert got == ["S", "M", "L"], got
    def_id = uuid(d.contents.id)
    medium = uuid(d.contents.options[1].id)
    definition_free(d)

    doc = Entity(DOCUMENT, b"doc-py")
    value = f'{{"type":"SelectOption","value":["{medium}"]}}'.encode()
    check(value_set(pool, b"macro|py", C.byref(doc), def_id.encode(), value, C.byref(err)), err, "set")
    rows = values_get(pool, b"macro|py", C.byref(doc), C.byref(err))
    check(rows, err, "get")
    assert rows.contents.n_rows == 1
    row = rows.contents.rows[0]
    assert row.display_name == b"Size" and row.n_options == 1 and row.options[0].string_value == b"M"
    value_list_free(rows)

    # A value of the wrong type: refused by the database, naming the definition.
    assert value_set(pool, b"macro|py", C.byref(doc), def_id.encode(), b'{"type":"Number","value":1}',
                     C.byref(err)) == 0
    assert err and err.contents.domain == mdb_error_quark(), "not an MDB_ERROR"
    assert err.contents.code == MDB_ERROR_CHECK_VIOLATION, err.contents.code
    assert b'property "Size"' in err.contents.message, err.contents.message
    g_error_free(err)
    err = ERR()
    mdb_pool_free(pool)
print("ctypes: properties_db_client called from Python: ok")
