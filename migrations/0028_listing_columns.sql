-- An activity's weekly slots and domains as columns of its row (issue 13).
--
-- The lists of activities (the parent's child page, a round's ranking, the activity pages,
-- the activity book) read each activity's slots, and the parent's lists its domains, with a
-- subquery per row that joins the rows of activity_slots or activity_domains into a text:
-- on the child page with 30 activities those two subqueries cost a third of the query
-- (tests/bench/parent_page_instructions.sh). The texts are now kept on the activity by the
-- triggers below, in the same order the subqueries gave (the tables' primary keys):
--   slots_text  "weekday start end" per slot, joined by ',' (SCHEDULE_SLOTS_SQL,
--               src/domain/offer/schedule.h); NULL: no slots
--   domain_ids  the domains' ids joined by ','; NULL: no domains
-- activity_slots and activity_domains stay the truth; the columns are never written but by
-- these triggers.
ALTER TABLE activities ADD COLUMN slots_text TEXT;
ALTER TABLE activities ADD COLUMN domain_ids TEXT;

UPDATE activities SET
    slots_text = (SELECT group_concat(t.weekday || ' ' || t.start_time || ' ' || t.end_time, ',')
                  FROM activity_slots t WHERE t.activity_id = activities.id),
    domain_ids = (SELECT group_concat(d.domain_id) FROM activity_domains d
                  WHERE d.activity_id = activities.id);

CREATE TRIGGER activity_slots_text_insert AFTER INSERT ON activity_slots BEGIN
    UPDATE activities SET slots_text =
        (SELECT group_concat(t.weekday || ' ' || t.start_time || ' ' || t.end_time, ',')
         FROM activity_slots t WHERE t.activity_id = NEW.activity_id)
    WHERE id = NEW.activity_id;
END;
CREATE TRIGGER activity_slots_text_update AFTER UPDATE ON activity_slots BEGIN
    UPDATE activities SET slots_text =
        (SELECT group_concat(t.weekday || ' ' || t.start_time || ' ' || t.end_time, ',')
         FROM activity_slots t WHERE t.activity_id = activities.id)
    WHERE id IN (OLD.activity_id, NEW.activity_id);
END;
CREATE TRIGGER activity_slots_text_delete AFTER DELETE ON activity_slots BEGIN
    UPDATE activities SET slots_text =
        (SELECT group_concat(t.weekday || ' ' || t.start_time || ' ' || t.end_time, ',')
         FROM activity_slots t WHERE t.activity_id = OLD.activity_id)
    WHERE id = OLD.activity_id;
END;

CREATE TRIGGER activity_domain_ids_insert AFTER INSERT ON activity_domains BEGIN
    UPDATE activities SET domain_ids =
        (SELECT group_concat(d.domain_id) FROM activity_domains d
         WHERE d.activity_id = NEW.activity_id)
    WHERE id = NEW.activity_id;
END;
CREATE TRIGGER activity_domain_ids_update AFTER UPDATE ON activity_domains BEGIN
    UPDATE activities SET domain_ids =
        (SELECT group_concat(d.domain_id) FROM activity_domains d
         WHERE d.activity_id = activities.id)
    WHERE id IN (OLD.activity_id, NEW.activity_id);
END;
CREATE TRIGGER activity_domain_ids_delete AFTER DELETE ON activity_domains BEGIN
    UPDATE activities SET domain_ids =
        (SELECT group_concat(d.domain_id) FROM activity_domains d
         WHERE d.activity_id = OLD.activity_id)
    WHERE id = OLD.activity_id;
END;
