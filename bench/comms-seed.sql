-- comms-bench's data set (issue 17): 2 000 channels (a quarter each public,
-- organization of organizations 1-10, private, private), 10 000 users, 20
-- participants a channel (each user in about four channels, and in the 50
-- organization channels of its organization), 2 000 000 messages (a tenth
-- of them thread replies), activity of every participant viewed late, so a
-- few dozen messages a channel are unread.  All generated server-side.
INSERT INTO comms_channels (id, name, channel_type, org_id, owner_id, created_at)
SELECT ('00000000-0000-0000-0001-' || lpad (to_hex (c), 12, '0'))::uuid, 'channel ' || c,
       (ARRAY['public', 'organization', 'private', 'private'])[c % 4 + 1]::comms_channel_type,
       CASE WHEN c % 4 = 1 THEN c / 4 % 10 + 1 END,
       'u' || (c * 7 % 10000), '2025-01-01'::timestamptz + c * interval '1 second'
FROM generate_series (1, 2000) AS c;

INSERT INTO comms_channel_participants (channel_id, user_id, role, joined_at)
SELECT ('00000000-0000-0000-0001-' || lpad (to_hex (c), 12, '0'))::uuid, 'u' || ((c * 7 + k * 500) % 10000),
       CASE WHEN k = 0 THEN 'owner' ELSE 'member' END::comms_participant_role,
       '2025-01-01'::timestamptz + c * interval '1 second'
FROM generate_series (1, 2000) AS c, generate_series (0, 19) AS k;

INSERT INTO comms_messages (id, channel_id, thread_id, sender_id, content, created_at, updated_at)
SELECT ('00000000-0000-0000-0002-' || lpad (to_hex (i), 12, '0'))::uuid,
       ('00000000-0000-0000-0001-' || lpad (to_hex (i % 2000 + 1), 12, '0'))::uuid,
       CASE WHEN i / 2000 % 10 = 9 THEN ('00000000-0000-0000-0002-' || lpad (to_hex (i - 2000), 12, '0'))::uuid END,
       'u' || (((i % 2000 + 1) * 7 + (i / 2000 % 20) * 500) % 10000),
       'message ' || i,
       '2025-01-02'::timestamptz + i * interval '1 second', '2025-01-02'::timestamptz + i * interval '1 second'
FROM generate_series (1, 2000000) AS i;

INSERT INTO comms_activity (id, user_id, channel_id, viewed_at, interacted_at)
SELECT gen_random_uuid (), p.user_id, p.channel_id,
       '2025-01-02'::timestamptz + 1950000 * interval '1 second', '2025-01-02'::timestamptz
FROM comms_channel_participants p;
-- comms-bench runs VACUUM ANALYZE afterwards (it cannot run in this script's transaction).
