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

glib = C.CDLL("libglib-2.0.so.0")
mdb = C.CDLL(os.environ["MDB_LIBMDB"])
props = C.CDLL(os.environ["MDB_LIBPROPERTIES"])
root = os.environ["MDB_SOURCE_ROOT"]

SELECT_STRING, DOCUMENT = 5, 2           # PropertiesDbPropertyDataType, PropertiesDbPropertyEntityType
MDB_ERROR_CHECK_VIOLATION = 6


class GError(C.Structure):
    _fields_ = [("domain", C.c_uint32), ("code", C.c_int), ("message", C.c_char_p)]


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


ERR = C.POINTER(GError)


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
mdb_uuid_format = sig(mdb, "mdb_uuid_format", C.c_char_p, C.c_void_p, C.c_char_p)
create = sig(props, "properties_db_definition_create", C.POINTER(Definition), C.c_void_p, C.c_char_p,
             C.POINTER(DefinitionSpec), C.POINTER(OptionSpec), C.c_size_t, C.POINTER(ERR))
definition_free = sig(props, "properties_db_definition_free", None, C.POINTER(Definition))
value_set = sig(props, "properties_db_value_set", C.c_int, C.c_void_p, C.c_char_p, C.POINTER(Entity), C.c_char_p,
                C.c_char_p, C.POINTER(ERR))
values_get = sig(props, "properties_db_values_get", C.POINTER(EntityValueList), C.c_void_p, C.c_char_p,
                 C.POINTER(Entity), C.POINTER(ERR))
value_list_free = sig(props, "properties_db_entity_value_list_free", None, C.POINTER(EntityValueList))
g_free = sig(glib, "g_free", None, C.c_void_p)
g_error_free = sig(glib, "g_error_free", None, ERR)


def check(ok, err, what):
    if not ok:
        msg = err.contents.message.decode() if err else "no error set"
        raise SystemExit(f"FAIL {what}: {msg}")


def uuid(raw):
    out = C.create_string_buffer(37)
    return mdb_uuid_format(C.byref(raw), out).decode()


err = ERR()
dbname = f"mdbt_ffi_props_{os.getpid()}".encode()
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
    check(mdb_conn_exec_script(conn, b"INSERT INTO \"User\" (id, email) VALUES ('macro|py', 'py@x.test')",
                               C.byref(err)), err, "user")
    mdb_migrator_free(migrator)
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
finally:
    mdb_conn_exec_script(admin_conn, b"DROP DATABASE IF EXISTS " + dbname + b" WITH (FORCE)", None)
    mdb_conn_free(admin_conn)
print("ctypes: properties_db_client called from Python: ok")
