-- Users: macro_user (the account) and "User" (the Prisma-era profile whose
-- id is 'macro|<email>'), their email verification rows and roles.

-- Creates the account, its email verification row, the "User" row and one RolesOnUsers row per distinct role, in one statement.
-- name: user_insert :one -> User export-row
WITH account AS (
  INSERT INTO macro_user (username, email, stripe_customer_id)
  VALUES (:username, :email, :stripe_customer_id)
  RETURNING id, email, stripe_customer_id
), verification AS (
  INSERT INTO macro_user_email_verification (macro_user_id, email, is_verified)
  SELECT id, email, :is_verified FROM account
), profile AS (
  INSERT INTO "User" (id, email, "stripeCustomerId", "organizationId", macro_user_id)
  SELECT 'macro|' || email, email, stripe_customer_id, :organization_id?, id FROM account
  RETURNING *
), roles AS (
  INSERT INTO "RolesOnUsers" ("userId", "roleId")
  SELECT DISTINCT p.id, r.role FROM profile p CROSS JOIN UNNEST (:roles::text[]) AS r (role)
)
SELECT p.id AS id, p.email AS email, p.name, p."firstName", p."lastName", p.title, p.industry,
       p."profilePicture", p."organizationId", p.macro_user_id,
       ARRAY (SELECT DISTINCT r.role FROM UNNEST (:roles::text[]) AS r (role) ORDER BY 1) AS roles
FROM profile p

-- One user by id, with the roles it holds.
-- name: user_by_id :opt -> User
SELECT u.id, u.email, u.name, u."firstName", u."lastName", u.title, u.industry,
       u."profilePicture", u."organizationId", u.macro_user_id,
       ARRAY (SELECT r."roleId" FROM "RolesOnUsers" r WHERE r."userId" = u.id ORDER BY 1) AS roles
FROM "User" u
WHERE u.id = :user_id

-- One user by email, whatever the case of either side (unique index User_lower_email_key).
-- name: user_by_email :opt -> User
SELECT u.id, u.email, u.name, u."firstName", u."lastName", u.title, u.industry,
       u."profilePicture", u."organizationId", u.macro_user_id,
       ARRAY (SELECT r."roleId" FROM "RolesOnUsers" r WHERE r."userId" = u.id ORDER BY 1) AS roles
FROM "User" u
WHERE lower (u.email) = lower (:email)

-- Sets the profile fields given (NULL: unchanged, '': cleared to NULL) and returns the user.
-- name: user_profile_update :opt -> User
UPDATE "User" u SET
  name = CASE WHEN :name?::text IS NULL THEN u.name ELSE NULLIF (:name?, '') END,
  "firstName" = CASE WHEN :first_name?::text IS NULL THEN u."firstName" ELSE NULLIF (:first_name?, '') END,
  "lastName" = CASE WHEN :last_name?::text IS NULL THEN u."lastName" ELSE NULLIF (:last_name?, '') END,
  title = CASE WHEN :title?::text IS NULL THEN u.title ELSE NULLIF (:title?, '') END,
  industry = CASE WHEN :industry?::text IS NULL THEN u.industry ELSE NULLIF (:industry?, '') END,
  "profilePicture" = CASE WHEN :profile_picture?::text IS NULL THEN u."profilePicture"
                          ELSE NULLIF (:profile_picture?, '') END
WHERE u.id = :user_id
RETURNING u.id, u.email, u.name, u."firstName", u."lastName", u.title, u.industry,
          u."profilePicture", u."organizationId", u.macro_user_id,
          ARRAY (SELECT r."roleId" FROM "RolesOnUsers" r WHERE r."userId" = u.id ORDER BY 1) AS roles

-- Deletes a user and its account unless it owns a team that has other members; says which happened.
-- name: user_delete_unless_team_owner :one
WITH blocking AS (
  SELECT t.id FROM team t
  WHERE t.owner_id = :user_id
    AND EXISTS (SELECT 1 FROM team_user tu WHERE tu.team_id = t.id AND tu.user_id <> :user_id)
  ORDER BY t.id LIMIT 1
), profile AS (
  DELETE FROM "User" WHERE id = :user_id AND NOT EXISTS (SELECT 1 FROM blocking)
  RETURNING macro_user_id
), account AS (
  DELETE FROM macro_user WHERE id IN (SELECT macro_user_id FROM profile)
)
SELECT (SELECT count(*) FROM profile) AS deleted,
       (SELECT id::text FROM blocking) AS "blocking_team?"
