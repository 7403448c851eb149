-- Hand-written (docs/schema.md): what macro_db_client's users, comments and
-- history need beyond the Prisma schema.

-- The roles and permissions a fresh database needs.  Idempotent: rows that
-- exist (a database built before this migration, or seeded by hand) are
-- left alone, so running it on such a database changes nothing.
INSERT INTO "Permission" ("id", "description") VALUES
    ('read:professional_features', 'Use the features of the Professional tier'),
    ('read:ai_features', 'Use the AI chat and its models'),
    ('write:stripe_subscription', 'Manage a Stripe subscription'),
    ('write:organization_settings', 'Change an organization''s settings'),
    ('write:organization_subscription', 'Manage an organization''s Stripe subscription'),
    ('write:organization_it', 'Manage an organization''s IT settings and members')
ON CONFLICT ("id") DO NOTHING;

INSERT INTO "Role" ("id", "description") VALUES
    ('self_serve', 'Manages their own Stripe subscription'),
    ('professional_subscriber', 'Subscribed to the Professional tier'),
    ('corporate', 'Licensed outside Stripe'),
    ('partner_sales', 'A partner of Macro'),
    ('super_admin', 'A Macro employee who may change organization settings'),
    ('organization_it', 'IT administrator of an organization'),
    ('manage_organization_subscription', 'Manages an organization''s Stripe subscription')
ON CONFLICT ("id") DO NOTHING;

INSERT INTO "RolesOnPermissions" ("roleId", "permissionId") VALUES
    ('self_serve', 'write:stripe_subscription'),
    ('professional_subscriber', 'read:professional_features'),
    ('professional_subscriber', 'read:ai_features'),
    ('corporate', 'read:professional_features'),
    ('corporate', 'read:ai_features'),
    ('partner_sales', 'read:professional_features'),
    ('super_admin', 'write:organization_settings'),
    ('organization_it', 'write:organization_it'),
    ('manage_organization_subscription', 'write:organization_subscription')
ON CONFLICT ("permissionId", "roleId") DO NOTHING;

-- Users are found by email whatever its case (macro_db_user_get_by_email),
-- so two users may not have emails that differ only in case.
CREATE UNIQUE INDEX "User_lower_email_key" ON "User" (lower("email"));

-- One comment of a thread, as a child row of macro_db_document_threads
-- (docs/queries.md "Child rows").
CREATE TYPE "macro_comment_row" AS (
    "id" bigint,
    "owner" text,
    "sender" text,
    "text" text,
    "created_at" timestamptz,
    "updated_at" timestamptz,
    "order" integer,
    "metadata" jsonb);
