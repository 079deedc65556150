-- The activity plan (issue 15, part 1): the coalition's quality questions, which the lead
-- keeps as a list, and per activity the coordinator's answers. The default questions follow the
-- working factors of the coalition's quality plan (seed 000_…: doelgericht, the link between
-- home and school, duration and intensity, the staff's competence) and the activity book's
-- questionnaire (seed 002_…: the pupils' interests, the evaluation).
-- key: the question's name in the load format. position: the order on the plan page (the lead
-- reorders; unique so that two questions never tie).
CREATE TABLE plan_questions (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE CHECK (key <> ''),
    position  INTEGER NOT NULL UNIQUE,
    question  TEXT NOT NULL CHECK (question <> ''),
    help      TEXT NOT NULL DEFAULT '',
    required  INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1))
);

INSERT INTO plan_questions (key, position, question, help, required) VALUES
 ('doel', 1,
  'Wat is het concrete doel van de activiteit, en bij welke kerndoelen sluit het aan?',
  'Doelgericht werken: noem één of twee doelen die u na afloop kunt nagaan, en de kerndoelen waar ze bij horen.',
  1),
 ('thuis-school', 2,
  'Hoe verbindt de activiteit thuis en school?',
  'Bijvoorbeeld: ouders zien het resultaat, de leerkracht weet wat de kinderen doen, er gaat iets mee naar huis.',
  1),
 ('duur-intensiteit', 3,
  'Hoe vaak en hoe lang loopt de activiteit, en waarom is dat genoeg om effect te hebben?',
  'Duur en intensiteit: alleen regelmatige activiteiten over een langere periode hebben effect.',
  1),
 ('bekwaamheid', 4,
  'Wat is het bekwaamheidsniveau van de uitvoerders, en wie begeleidt hen?',
  'Start-, basis- of vakbekwaam; een startbekwame uitvoerder werkt met begeleiding.',
  1),
 ('interesses', 5,
  'Hoe houdt de activiteit rekening met de interesses van de leerlingen?',
  'Bijvoorbeeld: de uitkomst van een interessepeiling, keuzes binnen de activiteit.',
  1),
 ('evaluatie', 6,
  'Hoe gaat u na of het doel is bereikt?',
  'Wat bekijkt of vraagt u na afloop, en met wie bespreekt u het?',
  0);

-- One answer per activity and question; an emptied answer is deleted, so a row is always an
-- answer. updated_by becomes NULL when the account is removed.
CREATE TABLE activity_plan_answers (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES plan_questions(id) ON DELETE CASCADE,
    answer      TEXT NOT NULL CHECK (answer <> ''),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (activity_id, question_id)
) WITHOUT ROWID;
CREATE INDEX activity_plan_answers_question ON activity_plan_answers(question_id);
