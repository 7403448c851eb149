-- Three users, Ann's nested projects and documents (one with two versions,
-- one trashed), grants and share permissions, and an empty chat.

INSERT INTO "User" (id, email, name) VALUES
  ('macro|ann@example.com', 'ann@example.com', 'Ann'),
  ('macro|bob@example.com', 'bob@example.com', 'Bob'),
  ('macro|cid@example.com', 'cid@example.com', NULL);

-- root > child > grand; root > archive (trashed); Bob's own project.
INSERT INTO "Project" (id, name, "userId", "parentId", "deletedAt") VALUES
  ('p-root', 'Root', 'macro|ann@example.com', NULL, NULL),
  ('p-child', 'Child', 'macro|ann@example.com', 'p-root', NULL),
  ('p-grand', 'Grand', 'macro|ann@example.com', 'p-child', NULL),
  ('p-archive', 'Archive', 'macro|ann@example.com', 'p-root', '2025-01-01 00:00:00+00'),
  ('p-bob', 'Bobs', 'macro|bob@example.com', NULL, NULL);

-- doc-2 and doc-3 share "updatedAt": keyset pagination breaks the tie by id.
INSERT INTO "Document" (id, name, owner, "fileType", "projectId", "createdAt", "updatedAt", "deletedAt") VALUES
  ('doc-1', 'Plan', 'macro|ann@example.com', 'pdf', 'p-grand',
   '2025-01-01 09:00:00+00', '2025-01-05 10:00:00+00', NULL),
  ('doc-2', 'Notes', 'macro|ann@example.com', 'md', NULL,
   '2025-01-02 09:00:00+00', '2025-01-04 10:00:00+00', NULL),
  ('doc-3', 'Draft', 'macro|ann@example.com', 'docx', 'p-root',
   '2025-01-02 09:00:00+00', '2025-01-04 10:00:00+00', NULL),
  ('doc-4', 'Budget', 'macro|ann@example.com', NULL, 'p-root',
   '2025-01-01 09:00:00+00', '2025-01-02 10:00:00+00', NULL),
  ('doc-5', 'Old', 'macro|ann@example.com', 'pdf', NULL,
   '2024-12-01 09:00:00+00', '2025-01-06 10:00:00+00', '2025-01-06 10:00:00+00'),
  ('doc-6', 'Bobs', 'macro|bob@example.com', 'pdf', 'p-bob',
   '2025-01-01 09:00:00+00', '2025-01-01 09:00:00+00', NULL);

-- doc-1 has two versions (the later one wins), doc-2 none.
INSERT INTO "DocumentInstance" (id, "revisionName", "documentId", "createdAt", sha) VALUES
  (101, 'first', 'doc-1', '2025-01-01 09:00:00+00', 'sha-1a'),
  (102, NULL, 'doc-1', '2025-01-03 12:30:00.250+00', 'sha-1b'),
  (103, 'only', 'doc-3', '2025-01-02 09:00:00+00', 'sha-3');

INSERT INTO "UserItemAccess" (user_id, item_id, item_type, access_level) VALUES
  ('macro|ann@example.com', 'doc-1', 'document', 'owner'),
  ('macro|bob@example.com', 'doc-1', 'document', 'comment'),
  ('macro|bob@example.com', 'p-root', 'project', 'view'),
  ('macro|cid@example.com', 'p-child', 'project', 'edit');

-- doc-2 is public (view); p-child's share is private, so its level is ignored.
INSERT INTO "SharePermission" (id, "isPublic", "publicAccessLevel") VALUES
  ('sp-doc-2', TRUE, 'view'),
  ('sp-child', FALSE, 'owner'),
  ('sp-bob', TRUE, 'comment');
INSERT INTO "DocumentPermission" ("documentId", "sharePermissionId") VALUES ('doc-2', 'sp-doc-2');
INSERT INTO "ProjectPermission" ("projectId", "sharePermissionId") VALUES
  ('p-child', 'sp-child'),
  ('p-bob', 'sp-bob');

INSERT INTO "Chat" (id, "userId", name) VALUES ('chat-1', 'macro|ann@example.com', 'Questions');
