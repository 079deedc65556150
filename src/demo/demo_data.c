/* The fixed material of the demo coalition: schools (seed 000), providers, the kinds of
   activity, names, and the random generator every part of the demo draws from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_internal.h"
#include "util/date.h"

/* ---- random numbers ------------------------------------------------------------------------ */

uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

struct rng rng_stream(uint64_t label, uint64_t index)
{
    struct rng r = {label * 0xd1342543de82ef95ull + 0x2545f4914f6cdd1dull};
    r.state ^= rng_next(&r) + index * 0x9e3779b97f4a7c15ull;
    rng_next(&r);
    return r;
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
    /* Lemire's multiply-shift; the bias for the small n used here is negligible. */
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int rng_between(struct rng *r, int lo, int hi)
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

bool rng_percent(struct rng *r, unsigned percent)
{
    return rng_below(r, 100) < percent;
}

void rng_shuffle(struct rng *r, int *items, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_below(r, (uint32_t)i);
        int t = items[i - 1];
        items[i - 1] = items[j];
        items[j] = t;
    }
}

/* ---- formatting ------------------------------------------------------------------------------ */

void demo_time(int minutes, char out[6])
{
    unsigned hours = (unsigned)minutes / 60 % 24, rest = (unsigned)minutes % 60;
    snprintf(out, 6, "%02u:%02u", hours, rest);
}

void demo_moment(int32_t day, int minutes, char out[17])
{
    char date[11], time[6];
    date_format(day, date);
    demo_time(minutes, time);
    snprintf(out, 17, "%sT%s", date, time);
}

json_t *demo_json(json_t *v)
{
    if (!v)
        abort();
    return v;
}

/* The ASCII letter for the second byte of a two-byte UTF-8 sequence starting with 0xC3
   (Latin-1 supplement), or 0 when there is none. */
static char unaccented(unsigned char second)
{
    static const char map[] = "AAAAAAACEEEEIIII" "DNOOOOO*OUUUUY**"
                              "aaaaaaaceeeeiiii" "dnooooo/ouuuuy*y";
    if (second < 0x80 || second > 0xbf)
        return 0;
    char c = map[second - 0x80];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? c : 0;
}

void demo_slug(const char *name, char *out, size_t size)
{
    if (!strncmp(name, "De ", 3))
        name += 3;
    size_t n = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)name; *p && n + 2 < size; p++) {
        char c = 0;
        if (*p == 0xc3 && p[1]) {
            c = unaccented(*++p);
        } else if (*p >= 0x80) {
            while ((p[1] & 0xc0) == 0x80) /* drop another letter, with no dash for it */
                p++;
            continue;
        } else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
            c = (char)*p;
        } else if (*p >= 'A' && *p <= 'Z') {
            c = (char)(*p + 32);
        }
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (!c) {
            dash = n > 0;
            continue;
        }
        if (dash)
            out[n++] = '-';
        dash = false;
        out[n++] = c;
    }
    out[n] = '\0';
}

/* ---- the coalition --------------------------------------------------------------------------- */

const char *const demo_domain_codes[N_DOMAINS] = {"sport", "cultuur", "cognitief",
                                                  "sociaal", "zelf", "wereld"};
const char *const demo_domain_names[N_DOMAINS] = {
    "Sport", "Cultuur", "Cognitieve ontwikkeling", "Sociale ontwikkeling", "Oriëntatie op jezelf",
    "Oriëntatie op de wereld"};

const struct demo_school_info demo_schools[N_SCHOOLS] = {
    {"De Haagse Beek", "hb", 286, 32},
    {"De Grote Beer", "gb", 248, 28},
    {"Tamarschool", "ts", 214, 35},
    {"P. Oosterleeschool", "ol", 232, 30},
    {"De Kleine Wereld", "kw", 176, 38},
    {"Obs Erasmus", "er", 254, 25},
    {"Nutsschool Woonstede", "nw", 268, 22},
    {"Anemaschool", "an", 205, 36},
    {"Ds. vd Boschschool", "db", 238, 27},
    {"Drentse Hoek", "dh", 168, 40},
    {"Obs De Wissel", "wi", 246, 33},
    {"Nutsschool Morgenstond", "nm", 274, 29},
    {"Anne Frank school", "af", 228, 31},
    {"De Zuidwester", "zw", 192, 42},
    {"Petrus Donders school", "pd", 221, 26},
    {"SBO Springplank", "sp", 154, 45},
    {"SBO/SO Koetsveldschool", "ks", 162, 48},
    {"KC Bamboe", "kb", 318, 30},
};

const struct demo_provider_info demo_providers[N_PROVIDERS] = {
    [P_JUDO] = {"judoschool-escamp", "Judoschool Escamp", true, 4},
    [P_BUURTSPORT] = {"buurtsport-escamp", "Buurtsportcoaches Escamp", true, 6},
    [P_DANS] = {"dansstudio-moerwijk", "Dansstudio Moerwijk", true, 4},
    [P_MUZIEK] = {"muziekschool-zuidwest", "Muziekschool Zuidwest", true, 3},
    [P_BIEB] = {"bibliotheek-escamp", "Bibliotheek Escamp", true, 3},
    [P_NATUUR] = {"nme-zuiderpark", "Natuur- en milieueducatie Zuiderpark", true, 4},
    [P_TECHNIEK] = {"technieklab", "TechniekLab Den Haag", true, 5},
    [P_KUNST] = {"kunstkwartier", "Kunstkwartier Zuidwest (theater en beeldend)", true, 4},
    [P_KOOK] = {"kookstudio-smaakmakers", "Kookstudio Smaakmakers", true, 3},
    [P_SCHAAK] = {"schaakclub-witte-dame", "Schaakclub De Witte Dame", true, 2},
    [P_EIGEN] = {"eigen-team", "Eigen team van de school (leerkrachten)", false, 6},
};

#define ONE(d) {d, -1}
#define TWO(a, b) {a, b}

const struct demo_item demo_items[] = {
    {"judo", "Judo", TWO(D_SPORT, D_SOCIAAL), P_JUDO,
     "Samenwerken en zelfvertrouwen vergroten; veilig vallen en respect voor de ander",
     "Gymzaal", 3, 8, 12, 16, 60},
    {"voetbal", "Voetbal", ONE(D_SPORT), P_BUURTSPORT,
     "Balvaardigheid verbeteren en leren omgaan met winnen en verliezen",
     "Trapveld naast de school", 3, 8, 14, 20, 60},
    {"streetdance", "Streetdance", TWO(D_SPORT, D_CULTUUR), P_DANS,
     "Ritmegevoel en expressie ontwikkelen en samen een dans opvoeren voor de ouders",
     "Speellokaal", 4, 8, 12, 18, 60},
    {"zwemmen", "Zwemmen", ONE(D_SPORT), P_BUURTSPORT,
     "Zwemvaardigheid vergroten: veilig zwemmen en het zwemdiploma B of C halen",
     "Zwembad Zuiderpark", 3, 8, 10, 14, 60},
    {"basketbal", "Basketbal", TWO(D_SPORT, D_SOCIAAL), P_BUURTSPORT,
     "Samenspelen, afspraken nakomen en eerlijk spelen (fair play)", "Gymzaal", 5, 8, 12, 18,
     60},
    {"sport-en-spel", "Sport en spel", TWO(D_SPORT, D_SOCIAAL), P_BUURTSPORT,
     "Motoriek ontwikkelen en samen spelen volgens eenvoudige regels", "Schoolplein", 1, 3, 12,
     18, 60},
    {"kinderyoga", "Kinderyoga", TWO(D_ZELF, D_SPORT), P_DANS,
     "Ontspannen, het eigen lichaam leren kennen en omgaan met spanning", "Speellokaal", 1, 5,
     10, 14, 60},
    {"mindfulness", "Mindfulness", ONE(D_ZELF), P_EIGEN,
     "Aandacht richten en gevoelens herkennen en benoemen", "Lokaal 4", 5, 8, 10, 14, 60},
    {"weerbaarheid", "Weerbaarheid", TWO(D_SOCIAAL, D_ZELF), P_JUDO,
     "Grenzen aangeven, nee durven zeggen en opkomen voor jezelf", "Gymzaal", 5, 8, 10, 14, 75},
    {"schaken", "Schaken", ONE(D_COGNITIEF), P_SCHAAK,
     "Vooruit denken, concentreren en strategisch plannen", "Aula", 3, 8, 12, 16, 60},
    {"programmeren", "Programmeren", TWO(D_COGNITIEF, D_WERELD), P_TECHNIEK,
     "Stap voor stap problemen oplossen met Scratch en micro:bits", "Computerlokaal", 5, 8, 10,
     14, 75},
    {"techniekclub", "Techniekclub", TWO(D_WERELD, D_COGNITIEF), P_TECHNIEK,
     "Onderzoeken en ontwerpen: zelf een werkend apparaat bouwen", "Techniekruimte", 4, 8, 10,
     14, 90},
    {"proefjeslab", "Proefjeslab", TWO(D_WERELD, D_COGNITIEF), P_TECHNIEK,
     "Een vraag bedenken, een proefje opzetten en zelf het antwoord onderzoeken", "Lokaal 7", 3,
     6, 10, 16, 60},
    {"natuurlab", "Natuurlab", ONE(D_WERELD), P_NATUUR,
     "De natuur in de wijk onderzoeken: planten, insecten en de seizoenen",
     "Natuurtuin Zuiderpark", 3, 6, 12, 16, 75},
    {"tuinieren", "Tuinieren", TWO(D_WERELD, D_ZELF), P_NATUUR,
     "Groente zaaien, verzorgen en oogsten in de schooltuin", "Schooltuin", 3, 6, 10, 14, 60},
    {"koken", "Koken", TWO(D_ZELF, D_WERELD), P_KOOK,
     "Gezond koken met groente van het seizoen en samen aan tafel", "Keuken van de school", 5, 8,
     10, 12, 90},
    {"theater", "Theater", TWO(D_CULTUUR, D_SOCIAAL), P_KUNST,
     "Durven presenteren voor een groep en samen een voorstelling maken", "Aula", 4, 8, 12, 18,
     75},
    {"fotografie", "Fotografie", TWO(D_CULTUUR, D_WERELD), P_KUNST,
     "De eigen wijk met andere ogen bekijken en een foto-expositie maken", "Lokaal 9", 6, 8, 10,
     14, 75},
    {"kunstatelier", "Kunstatelier", TWO(D_CULTUUR, D_ZELF), P_KUNST,
     "Tekenen, schilderen en boetseren: eigen ideeën vormgeven", "Handvaardigheidslokaal", 3, 8,
     10, 14, 75},
    {"muziek-maken", "Muziek maken", ONE(D_CULTUUR), P_MUZIEK,
     "Samen musiceren: ritme, maat houden en een instrument leren bespelen", "Muzieklokaal", 3, 8,
     10, 16, 60},
    {"bibliotheekclub", "Bibliotheekclub", TWO(D_COGNITIEF, D_CULTUUR), P_BIEB,
     "Leesplezier en woordenschat vergroten door samen te lezen en over boeken te praten",
     "Schoolbibliotheek", 3, 6, 10, 16, 60},
    {"debatteren", "Debatteren", TWO(D_SOCIAAL, D_COGNITIEF), P_BIEB,
     "Een mening vormen en onderbouwen, en echt naar de ander luisteren", "Lokaal 8", 6, 8, 10,
     16, 60},
    {"wijkreporters", "Wijkreporters", TWO(D_WERELD, D_SOCIAAL), P_BIEB,
     "De buurt leren kennen door bewoners te interviewen en een wijkkrant te maken", "Lokaal 6", 6,
     8, 10, 14, 75},
    {"samen-spelen", "Samen spelen", ONE(D_SOCIAAL), P_EIGEN,
     "Samen spelen, op je beurt wachten en vriendschappen sluiten", "Speellokaal", 1, 3, 10, 16,
     60},
    {"rekenclub", "Rekenclub", ONE(D_COGNITIEF), P_EIGEN,
     "Rekenvaardigheid versterken met spellen en puzzels", "Lokaal 5", 4, 7, 10, 14, 60},
};
const size_t demo_n_items = sizeof demo_items / sizeof demo_items[0];

const struct demo_item demo_incidentals[N_DOMAINS] = {
    [D_SPORT] = {"clinic-hockey", "Clinic hockey", ONE(D_SPORT), P_BUURTSPORT,
                 "Kennismaken met hockey bij een vereniging in de buurt", "Sportpark Zuiderpark",
                 4, 8, 14, 20, 60},
    [D_CULTUUR] = {"workshop-museum", "Museumworkshop", ONE(D_CULTUUR), P_KUNST,
                   "Kunst bekijken in het museum en er zelf iets bij maken", "Kunstmuseum Den Haag",
                   5, 8, 12, 16, 90},
    [D_COGNITIEF] = {"workshop-escaperoom", "Workshop escaperoom", ONE(D_COGNITIEF), P_TECHNIEK,
                     "Samen puzzels en raadsels oplossen onder tijdsdruk", "Aula", 5, 8, 10, 14,
                     60},
    [D_SOCIAAL] = {"workshop-samenwerken", "Workshop samenwerken", ONE(D_SOCIAAL), P_EIGEN,
                   "Samenwerkingsspellen: elkaar helpen en afspraken maken", "Speellokaal", 3, 6,
                   12, 18, 60},
    [D_ZELF] = {"workshop-gezond-ontbijt", "Workshop gezond ontbijt", ONE(D_ZELF), P_KOOK,
                "Ontdekken wat een gezond ontbijt is en het zelf klaarmaken",
                "Keuken van de school", 3, 6, 10, 12, 60},
    [D_WERELD] = {"excursie-haagse-bos", "Excursie Haagse Bos", ONE(D_WERELD), P_NATUUR,
                  "Bomen, planten en dieren in het bos leren herkennen", "Haagse Bos", 3, 6, 12,
                  16, 90},
};

const struct demo_item demo_coalition_items[] = {
    {"jeugdorkest", "Jeugdorkest Zuidwest", ONE(D_CULTUUR), P_MUZIEK,
     "Samen in een orkest spelen en twee keer per jaar optreden", "Muziekschool Zuidwest, Leyweg",
     5, 8, 16, 20, 90},
    {"schaakteam", "Schaakteam Zuidwest", ONE(D_COGNITIEF), P_SCHAAK,
     "Schaken op wedstrijdniveau en meedoen aan het Haagse schoolschaaktoernooi",
     "Clubhuis De Witte Dame", 5, 8, 16, 20, 90},
    {"talentklas-techniek", "Talentklas techniek", TWO(D_WERELD, D_COGNITIEF), P_TECHNIEK,
     "Uitdaging voor kinderen die verder willen: robots bouwen en programmeren",
     "TechniekLab, Zuiderpark", 6, 8, 16, 18, 90},
    {"debatclub", "Debatclub Zuidwest", TWO(D_SOCIAAL, D_COGNITIEF), P_BIEB,
     "Debatteren tegen leerlingen van andere scholen en de Haagse debatwedstrijd voorbereiden",
     "Bibliotheek Escamp, Leyweg", 7, 8, 16, 20, 75},
};
const size_t demo_n_coalition_items = sizeof demo_coalition_items / sizeof demo_coalition_items[0];

/* ---- names ----------------------------------------------------------------------------------- */

const char *const demo_first_names[] = {
    "Sara",    "Daan",     "Noor",    "Mohammed", "Yusuf",   "Aya",      "Fatima",  "Emma",
    "Liam",    "Zeynep",   "Kerem",   "Milan",    "Julia",   "Sem",      "Lina",    "Ilyas",
    "Adam",    "Amira",    "Anouk",   "Bilal",    "Chloé",   "Dylan",    "Elif",    "Finn",
    "Hiba",    "Imran",    "Jayden",  "Jasmijn",  "Kenza",   "Lars",     "Lieke",   "Luca",
    "Maryam",  "Mees",     "Mila",    "Nora",     "Noah",    "Omar",     "Rayan",   "Rania",
    "Riya",    "Ruben",    "Safae",   "Salma",    "Senna",   "Sophie",   "Tess",    "Thijs",
    "Vera",    "Yara",     "Zara",    "Ayoub",    "Hamza",   "Ibrahim",  "Malak",   "Nour",
    "Soufiane", "Yassin",  "Aaliyah", "Anaya",    "Arjun",   "Devika",   "Kiran",   "Priya",
    "Rohan",   "Shreya",   "Vishal",  "Ecrin",    "Emir",    "Eymen",    "Defne",   "Mert",
    "Emre",    "Ela",      "Zoë",     "Femke",    "Jesse",   "Levi",     "Lotte",   "Lucas",
    "Max",     "Olivia",   "Isa",     "Sami",     "Ahmed",   "Hafsa",    "Ilias",   "Inaya",
    "Jaydon",  "Shanaya",  "Giovanni", "Zofia",   "Jakub",   "Wiktoria", "Kacper",  "Oliwia",
    "Ivan",    "Maria",    "Lamar",   "Rama",     "Tareq",   "Hodan",    "Abdi",    "Selam",
    "Kwame",   "Ama",      "Dewi",    "Kishan",   "Bram",    "Fleur",    "Guus",    "Isabel",
    "Jens",    "Lynn",     "Roos",    "Saar",     "Stijn",   "Tijn",     "Wessel",  "Yfke",
    "Amir",    "Layla",    "Youssef", "Meryem",   "Anass",   "Douae",    "Furkan",  "Azra",
    "Naomi",   "Quinten",  "Shirley", "Xavi",     "Nassim",  "Ranya",    "Jamal",   "Asiya",
};
const size_t demo_n_first_names = sizeof demo_first_names / sizeof demo_first_names[0];

const char *const demo_last_names[] = {
    "de Vries",   "Jansen",     "El Amrani",   "Yilmaz",     "Bakker",      "Kaya",
    "Visser",     "Ramdin",     "Öztürk",      "Mohan",      "van Dijk",    "de Jong",
    "Smit",       "Meijer",     "de Boer",     "Mulder",     "de Groot",    "Bos",
    "Vos",        "Peters",     "Hendriks",    "van Leeuwen", "Dekker",     "Brouwer",
    "de Wit",     "Dijkstra",   "van den Berg", "Koster",    "Verhoeven",   "Kramer",
    "El Idrissi", "Bouzid",     "Benali",      "Ait Taleb",  "Boukhari",    "El Khatib",
    "Haddou",     "Ouali",      "Tahiri",      "Ziani",      "Aydin",       "Çelik",
    "Demir",      "Sahin",      "Dogan",       "Arslan",     "Koç",         "Özdemir",
    "Polat",      "Kiliç",      "Ramsaran",    "Jagessar",   "Sewdien",     "Baldew",
    "Ramcharan",  "Bhagwandin", "Autar",       "Kalloe",     "Soekhai",     "Martina",
    "Rosalia",    "Isenia",     "Kowalski",    "Nowak",      "Wiśniewski",  "Mohamed",
    "Ahmed",      "Al-Hassan",  "Haddad",      "Mensah",     "Owusu",       "Tjon",
    "Chen",       "Wong",       "Lin",         "Nguyen",     "van der Meer", "Hoekstra",
    "Willems",    "Bulut",      "Amrani",      "Bouchtaoui", "Lachkar",     "Essabri",
};
const size_t demo_n_last_names = sizeof demo_last_names / sizeof demo_last_names[0];

const char *const demo_adult_names[] = {
    "Anna",   "Mark",   "Fatima",  "Youssef", "Priya",   "Kevin",  "Esra",   "Jeroen",
    "Naima",  "Sander", "Lotte",   "Rachid",  "Ingrid",  "Bas",    "Dewi",   "Ayoub",
    "Femke",  "Gökhan", "Shanti",  "Tim",     "Marieke", "Hasan",  "Nadia",  "Pieter",
    "Samira", "Ruud",   "Hatice",  "Wouter",  "Anjali",  "Karim",  "Petra",  "Erik",
    "Sevda",  "Joost",  "Latifa",  "Dennis",  "Miriam",  "Sunil",  "Karin",  "Mustafa",
    "Eline",  "Roel",   "Aïcha",   "Frank",   "Sanne",   "Vikash", "Yvonne", "Brahim",
};
const size_t demo_n_adult_names = sizeof demo_adult_names / sizeof demo_adult_names[0];

const char *const demo_safety_notes[] = {
    "Allergisch voor noten",
    "Allergisch voor pinda's; EpiPen zit in de tas",
    "Astma: puffer mee bij sport",
    "Diabetes type 1: mag altijd iets eten of drinken",
    "Epilepsie: protocol ligt bij de groepsleerkracht",
    "Lactose-intolerant",
    "Mag niet op foto of video",
    "Draagt een gehoorapparaat; niet mee het zwembad in",
    "Wordt opgehaald door oma; niet alleen naar huis",
};
const size_t demo_n_safety_notes = sizeof demo_safety_notes / sizeof demo_safety_notes[0];

const char *const demo_cancel_reasons[] = {
    "Uitvoerder ziek",
    "Studiedag",
    "Gymzaal niet beschikbaar",
    "Sportdag van de school",
    "Code oranje: storm",
};
const size_t demo_n_cancel_reasons = sizeof demo_cancel_reasons / sizeof demo_cancel_reasons[0];
