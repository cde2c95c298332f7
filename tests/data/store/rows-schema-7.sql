-- Rows in every table of the Draftbox database at schema version 7, as a Draftbox of that
-- version writes them: two recipients with activities, a suppression of each kind, a campaign
-- with a finished run, drafts in several states (one regenerated into another), events, the
-- watcher's folder state and processed messages, and an opt-out review awaiting a person.
-- Loaded by tests/unit/store/schema_upgrade_test.cc onto a file the migrations 1..7 built.
INSERT INTO recipients (id, email, name, first_name, last_name, role, company, company_domain,
                        country, language, timezone, tags, account_state, plan, renewal_date,
                        health, owner, consent, custom, created_at, updated_at)
VALUES (1, 'ana@example.com', 'Ana Díaz', 'Ana', 'Díaz', 'CTO', 'Example Ltd', 'example.com',
        'ES', 'es', 'Europe/Madrid', '["beta","vip"]', 'customer', 'pro', '2027-01-31', 'green',
        'dana@example.net', '{"email":true}', '{"segment":"enterprise"}', 1700000000, 1700000100),
       (2, 'jorg@beispiel.de', 'Jörg Müller', 'Jörg', 'Müller', '', 'Beispiel GmbH',
        'beispiel.de', 'DE', 'de', '', '[]', 'prospect', '', '', '', '', '{}', '{}',
        1700000200, 1700000200);

INSERT INTO activities (id, recipient_id, type, date, summary, source, imported_at)
VALUES (1, 1, 'funding', '2026-10-01', 'Raised a Series B', 'crm', 1700000000),
       (2, 1, 'job_change', '2026-09-15', 'Moved to CTO', 'crm', 1700000000),
       (3, 2, 'event', '', 'Met at the Berlin meetup', '', 1700000200);

INSERT INTO suppressions (id, kind, value, reason, source, created_at)
VALUES (1, 'address', 'old@example.com', 'asked to stop', 'manual', 1700000300),
       (2, 'domain', 'competitor.example', 'policy', 'import', 1700000300),
       (3, 'recipient', '2', 'gdpr objection', 'reject', 1700000400);

INSERT INTO campaigns (id, name, kind, spec, created_at)
VALUES (1, 'Q4 check-in', 'check_in', '{"name":"Q4 check-in","persona":"default"}', 1700001000);

INSERT INTO campaign_runs (id, campaign_id, started_at, finished_at, dry_run, counts, state,
                           error, started_by)
VALUES (1, 1, 1700001100, 1700001200, 0, '{"placed":1,"skipped":1}', 'finished', '', ''),
       (2, 1, 1700002000, NULL, 1, '{}', 'interrupted', 'daemon stopped', 'schedule');

INSERT INTO drafts (id, campaign_id, recipient_id, run_id, state, reason, subject, body,
                    facts_used, message_id, sent_message_id, imap_folder, imap_uid,
                    imap_uid_validity, supersedes, created_at, updated_at, placed_at, sent_at,
                    sent_subject, sent_body, to_address, language, instruction, removed_at,
                    trigger_key, prompt)
VALUES (1, 1, 1, 1, 'regenerated', '', 'Quick question', 'Hi Ana,', '["funding"]',
        '<d1@draftbox>', NULL, 'Drafts', 11, 1234, NULL, 1700001150, 1700001300, 1700001160,
        NULL, '', '', 'ana@example.com', 'en', '', 1700001300, '', ''),
       (2, 1, 1, NULL, 'sent', '', 'Congrats on the Series B', 'Hi Ana, congrats',
        '["funding","job_change"]', '<d2@draftbox>', '<s2@mail.example.com>', 'Drafts', 12, 1234,
        1, 1700001300, 1700001400, 1700001310, 1700001400, 'Congrats on the Series B!',
        'Hi Ana, congrats!', 'ana@example.com', 'en', 'mention the Series B', 1700001400,
        '', 'system: ...\nuser: ...'),
       (3, 1, 2, 1, 'skipped', 'consent required in DE', '', '', '[]', NULL, NULL, NULL, NULL,
        NULL, NULL, 1700001170, 1700001170, NULL, NULL, '', '', 'jorg@beispiel.de', 'de', '',
        NULL, 'funding:2026-10-01', '');

INSERT INTO events (id, time, type, draft_id, recipient_id, campaign_id, payload)
VALUES (1, 1700001160, 'draft_placed', 1, 1, 1, '{"folder":"Drafts","uid":11}'),
       (2, 1700001300, 'draft_regenerated', 2, 1, 1, '{"supersedes":1}'),
       (3, 1700001400, 'draft_sent', 2, 1, 1, '{"message_id":"<s2@mail.example.com>"}'),
       (4, 1700001500, 'suppression_addition', NULL, 2, NULL, '{"kind":"recipient"}');

INSERT INTO mailbox_state (folder, uid_validity, last_uid, highest_modseq, updated_at)
VALUES ('Sent', 5678, 42, 900, 1700001500),
       ('INBOX', 1, 310, 0, 1700001500);

INSERT INTO processed_messages (message_key, folder, kind, draft_id, processed_at)
VALUES ('<s2@mail.example.com>', 'Sent', 'sent', 2, 1700001400),
       ('<r1@example.com>', 'INBOX', 'reply', 2, 1700001600);

INSERT INTO opt_out_reviews (id, email, recipient_id, draft_id, message_key, message_id, folder,
                             uid, excerpt, phrase, state, created_at, decided_at, suppression_id)
VALUES (1, 'ana@example.com', 1, 2, '<r1@example.com>', '<r1@example.com>', 'INBOX', 310,
        'Please take me off for now', 'take me off', 'pending', 1700001600, NULL, NULL);
