/* SPDX-License-Identifier: MIT */
/* mdb.h: the one header applications include for libmdb. */
#pragma once

#define MDB_INSIDE
#include <mdb/mdb-version.h>
#include <mdb/mdb-error.h>
#include <mdb/mdb-names.h>
#include <mdb/mdb-types.h>
#include <mdb/mdb-params.h>
#include <mdb/mdb-result.h>
#include <mdb/mdb-conninfo.h>
#include <mdb/mdb-rows.h>
#include <mdb/mdb-conn.h>
#include <mdb/mdb-pool.h>
#include <mdb/mdb-executor.h>
#include <mdb/mdb-tx.h>
#include <mdb/mdb-copy.h>
#include <mdb/mdb-check.h>
#include <mdb/mdb-cursor.h>
#include <mdb/mdb-migrate.h>
#include <mdb/mdb-observe.h>
#undef MDB_INSIDE
