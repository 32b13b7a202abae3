# ruff: noqa: E501 - long lines of prose read better unwrapped
"""Reader comments loaded by ``manage.py loaddemo`` under some of the demo articles.

Original French prose written for this project; every reader is fictional, their
addresses are under the reserved example.org / example.net domains and their IP
addresses in the documentation ranges (RFC 5737).

``COMMENTS`` maps an article slug to its top-level comments; ``replies`` nest
(the loader skips any reply deeper than ``COMMENTS_MAX_DEPTH``). ``minutes`` is
the time between the article's publication and the comment; a reply always
comes after its parent was approved (``MODERATION_DELAY_MINUTES`` later).
``status`` is where moderation left the comment, ``flag_reasons`` the codes the
rules of ``comments.moderation`` would have attached when it was posted.
"""

# How long after posting the demo moderator approved (or rejected) a comment.
MODERATION_DELAY_MINUTES = 12

_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
_SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
_CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)
_CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
)
_ROBOT = "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1)"

READERS = {
    "bertrand": {
        "name": "Bertrand Giraud",
        "email": "bertrand.giraud@example.net",
        "url": "https://bertrand-giraud.example.net/",
        "ip": "192.0.2.14",
        "user_agent": _FIREFOX,
    },
    "nadia": {
        "name": "Nadia K.",
        "email": "nadia.k@example.org",
        "url": "",
        "ip": "198.51.100.23",
        "user_agent": _SAFARI_IPHONE,
    },
    "hugo": {
        "name": "Hugo Lefebvre",
        "email": "hugo.lefebvre@example.org",
        "url": "",
        "ip": "203.0.113.41",
        "user_agent": _CHROME_ANDROID,
    },
    "marie-claude": {
        "name": "Marie-Claude Bonnet",
        "email": "mc.bonnet@example.net",
        "url": "",
        "ip": "192.0.2.77",
        "user_agent": _CHROME_WINDOWS,
    },
    "redaction": {
        "name": "Claire Dumas (rédaction)",
        "email": "claire.dumas@example.org",
        "url": "",
        "ip": "198.51.100.2",
        "user_agent": _FIREFOX,
    },
    "camille": {
        "name": "Camille Roy",
        "email": "camille.roy@example.org",
        "url": "",
        "ip": "203.0.113.8",
        "user_agent": _SAFARI_IPHONE,
    },
    "sebastien": {
        "name": "Sébastien Morel",
        "email": "smorel@example.net",
        "url": "https://code.example.net/smorel",
        "ip": "192.0.2.130",
        "user_agent": _FIREFOX,
    },
    "patrick": {
        "name": "Patrick Huet",
        "email": "patrick.huet@example.org",
        "url": "",
        "ip": "198.51.100.54",
        "user_agent": _CHROME_WINDOWS,
    },
    "antoine": {
        "name": "Antoine Vasseur",
        "email": "a.vasseur@example.net",
        "url": "",
        "ip": "203.0.113.97",
        "user_agent": _CHROME_WINDOWS,
    },
    "lucie": {
        "name": "Lucie Marchand",
        "email": "lucie.marchand@example.org",
        "url": "https://lucie-marchand.example.org/",
        "ip": "192.0.2.201",
        "user_agent": _SAFARI_IPHONE,
    },
    "fatou": {
        "name": "Fatou Diallo",
        "email": "fatou.diallo@example.net",
        "url": "",
        "ip": "198.51.100.160",
        "user_agent": _CHROME_ANDROID,
    },
    "oceane": {
        "name": "Océane Petit",
        "email": "oceane.petit@example.org",
        "url": "",
        "ip": "203.0.113.120",
        "user_agent": _SAFARI_IPHONE,
    },
    "mathieu": {
        "name": "Mathieu Rousseau",
        "email": "mathieu.rousseau@example.net",
        "url": "https://mathieu-rousseau.example.net/blog/",
        "ip": "192.0.2.45",
        "user_agent": _FIREFOX,
    },
    "jerome": {
        "name": "Jérôme Dufour",
        "email": "jdufour@example.org",
        "url": "",
        "ip": "198.51.100.77",
        "user_agent": _CHROME_WINDOWS,
    },
    "christophe": {
        "name": "Christophe B.",
        "email": "christophe.b@example.net",
        "url": "",
        "ip": "203.0.113.15",
        "user_agent": _CHROME_ANDROID,
    },
    "lea": {
        "name": "Léa Martin",
        "email": "lea.martin@example.org",
        "url": "",
        "ip": "192.0.2.88",
        "user_agent": _SAFARI_IPHONE,
    },
    "rachid": {
        "name": "Rachid Benyahia",
        "email": "rachid.benyahia@example.net",
        "url": "",
        "ip": "198.51.100.31",
        "user_agent": _CHROME_ANDROID,
    },
    "vincent": {
        "name": "Vincent Aubert",
        "email": "vincent.aubert@example.org",
        "url": "",
        "ip": "203.0.113.62",
        "user_agent": _FIREFOX,
    },
    "gerard": {
        "name": "Papy Gégé",
        "email": "gerard.lambert@example.net",
        "url": "",
        "ip": "192.0.2.160",
        "user_agent": _CHROME_WINDOWS,
    },
    "elodie": {
        "name": "Élodie Fabre",
        "email": "elodie.fabre@example.org",
        "url": "https://guide-fabre.example.org/",
        "ip": "198.51.100.99",
        "user_agent": _SAFARI_IPHONE,
    },
    "yann": {
        "name": "Yann Le Goff",
        "email": "yann.legoff@example.net",
        "url": "https://carnet-breton.example.net/",
        "ip": "203.0.113.204",
        "user_agent": _FIREFOX,
    },
    "anne-sophie": {
        "name": "Anne-Sophie Renard",
        "email": "as.renard@example.org",
        "url": "",
        "ip": "192.0.2.19",
        "user_agent": _CHROME_WINDOWS,
    },
    "pierre-alain": {
        "name": "Pierre-Alain Mercier",
        "email": "pa.mercier@example.net",
        "url": "",
        "ip": "198.51.100.140",
        "user_agent": _CHROME_WINDOWS,
    },
    "isabelle": {
        "name": "Isabelle Chevalier",
        "email": "isabelle.chevalier@example.org",
        "url": "",
        "ip": "203.0.113.33",
        "user_agent": _FIREFOX,
    },
    "thomas": {
        "name": "Thomas G.",
        "email": "thomas.g@example.net",
        "url": "",
        "ip": "192.0.2.222",
        "user_agent": _CHROME_ANDROID,
    },
    "agnes": {
        "name": "Agnès Poirier",
        "email": "agnes.poirier@example.org",
        "url": "",
        "ip": "198.51.100.12",
        "user_agent": _FIREFOX,
    },
    "promo": {
        "name": "Julie",
        "email": "julie.promo@example.net",
        "url": "https://promo-affaires.example.net/",
        "ip": "203.0.113.66",
        "user_agent": _ROBOT,
    },
    "bonus": {
        "name": "Meilleurs Bonus",
        "email": "contact@bonus-gagnant.example.net",
        "url": "https://bonus-gagnant.example.net/",
        "ip": "203.0.113.250",
        "user_agent": _ROBOT,
    },
}

COMMENTS = {
    "laboratoires-ia-se-disputent-chercheurs": [
        {
            "reader": "bertrand",
            "minutes": 25,
            "status": "approved",
            "body": "Article très éclairant. Ce qui me frappe, c'est qu'on parle de « transferts » comme pour des footballeurs. À ce niveau de rémunération, on comprend que les laboratoires publics n'aient aucune chance de retenir qui que ce soit.",
            "replies": [
                {
                    "reader": "nadia",
                    "minutes": 70,
                    "status": "approved",
                    "body": "Pas tout à fait d'accord. Plusieurs collègues sont restés dans la recherche publique justement pour la liberté de publier, que l'article mentionne. Le salaire ne fait pas tout, surtout quand on a passé dix ans sur un sujet.",
                    "replies": [
                        {
                            "reader": "bertrand",
                            "minutes": 110,
                            "status": "approved",
                            "body": "C'est juste, et plutôt rassurant. Mais combien de temps cette liberté pèsera-t-elle face à un accès aux machines cent fois plus généreux ?",
                        },
                    ],
                },
                {
                    "reader": "hugo",
                    "minutes": 240,
                    "status": "pending",
                    "body": "Étudiant en master, je confirme que la puissance de calcul revient dans toutes les discussions de stage. Personne ne demande le salaire en premier, tout le monde demande combien de processeurs graphiques il aura.",
                },
            ],
        },
        {
            "reader": "camille",
            "minutes": 55,
            "status": "approved",
            "body": "La phrase sur « la mémoire des échecs » est très juste. Dans l'industrie pharmaceutique, c'est pareil : ce que l'on sait de ce qui ne marche pas ne figure dans aucune publication, et ça part avec les gens.",
        },
        {
            "reader": "marie-claude",
            "minutes": 150,
            "status": "approved",
            "body": "Et les chercheuses ? L'article parle d'équipes entières qui changent d'employeur, j'aimerais savoir si ces transferts profitent autant aux femmes du secteur.",
            "replies": [
                {
                    "reader": "redaction",
                    "minutes": 190,
                    "status": "approved",
                    "body": "Merci pour cette question. Les recruteurs que nous avons interrogés n'avaient pas de chiffres à nous donner, ce qui en dit déjà long. C'est un sujet que nous comptons creuser dans un prochain article.",
                },
            ],
        },
        {
            "reader": "sebastien",
            "minutes": 200,
            "status": "pending",
            "flag_reasons": ["too_many_links"],
            "body": "Pour ceux qui veulent creuser, quelques lectures :\nhttps://recherche.example.org/mobilite-des-chercheurs\nhttps://www.example.net/rapport-talents-ia\nhttps://blog.example.org/clauses-de-non-concurrence\nhttps://donnees.example.net/carte-des-laboratoires\nhttps://podcast.example.org/episode-42\n\nLe billet sur les clauses de non-concurrence compare bien la situation d'un pays à l'autre.",
        },
    ],
    "logiciel-libre-administrations": [
        {
            "reader": "patrick",
            "minutes": 95,
            "status": "approved",
            "body": "Agent dans une communauté de communes qui a fait la même bascule l'an dernier : chez nous, les « quelques semaines de grincements » ont plutôt duré six mois, surtout à cause des tableurs remplis de macros. Mais aujourd'hui, personne ne voudrait revenir en arrière.",
            "replies": [
                {
                    "reader": "sebastien",
                    "minutes": 180,
                    "status": "approved",
                    "body": "Les macros, c'est toujours le point dur. Un conseil pour ceux qui s'y préparent : faire l'inventaire des fichiers critiques <em>avant</em> la migration, pas après. On découvre toujours un tableur dont dépend tout un service.",
                    "replies": [
                        {
                            "reader": "patrick",
                            "minutes": 260,
                            "status": "approved",
                            "body": "Exactement ce qui nous est arrivé, avec le planning des cantines scolaires !",
                        },
                    ],
                },
            ],
        },
        {
            "reader": "antoine",
            "minutes": 400,
            "status": "approved",
            "body": "On oublie un peu vite le coût caché : la formation et le support. Gratuit ne veut pas dire sans coût. Je serais curieux de lire un vrai bilan chiffré au bout de cinq ans.",
            "replies": [
                {
                    "reader": "lucie",
                    "minutes": 520,
                    "status": "approved",
                    "body": "Le libre n'a jamais voulu dire gratuit, justement ! L'article le dit bien : l'argent des licences part dans la formation et les compétences, et il reste sur le territoire.",
                },
            ],
        },
        {
            "reader": "fatou",
            "minutes": 900,
            "status": "approved",
            "body": "Bonne nouvelle pour la maîtrise des données publiques. Reste à convaincre les ministères, qui ont souvent un temps de retard sur les collectivités.",
        },
    ],
    "teletravail-villes-moyennes": [
        {
            "reader": "oceane",
            "minutes": 60,
            "status": "approved",
            "body": "Installés à Périgueux depuis deux ans, mon compagnon et moi sommes en télétravail quatre jours par semaine. On fait vivre le marché et la librairie du centre, mais on voit bien que les loyers ont grimpé autour de nous.\n\nLe constat de l'article est juste, dans les deux sens.",
            "replies": [
                {
                    "reader": "mathieu",
                    "minutes": 130,
                    "status": "approved",
                    "body": "Merci pour ce témoignage nuancé. Dans ma ville, les nouveaux arrivants ont surtout relancé les associations : l'école de rugby a doublé ses effectifs chez les moins de douze ans !",
                },
            ],
        },
        {
            "reader": "jerome",
            "minutes": 300,
            "status": "rejected",
            "body": "Encore un article écrit depuis Paris par des gens qui n'ont jamais mis les pieds en province. Ces télétravailleurs font monter les prix et ne disent bonjour à personne, qu'ils restent chez eux !!!",
        },
        {
            "reader": "lea",
            "minutes": 420,
            "status": "approved",
            "body": "Boulangère en centre-ville, je confirme : la clientèle du midi a changé en trois ans. Des sandwichs, des salades, et beaucoup de gens qui arrivent avec leur ordinateur sous le bras.",
        },
        {
            "reader": "christophe",
            "minutes": 800,
            "status": "pending",
            "body": "L'article oublie les communes où la fibre n'est toujours pas arrivée. Chez moi, à vingt kilomètres de la préfecture, le télétravail reste une vue de l'esprit. Avant de parler d'attractivité, il faudrait peut-être équiper tout le monde.",
        },
    ],
    "velo-cargo-artisans": [
        {
            "reader": "rachid",
            "minutes": 150,
            "status": "approved",
            "body": "Électricien, je suis passé au vélo cargo il y a un an. Tout ce que dit M. Haddad est vrai, mais il faut ajouter la pluie : en novembre, ce n'est pas la même histoire ! Avec un bon équipement, ça passe.",
            "replies": [
                {
                    "reader": "vincent",
                    "minutes": 400,
                    "status": "approved",
                    "body": "Vous transportez vos tourets de câble comment ? Je suis tenté, mais j'ai peur de manquer de place.",
                    "replies": [
                        {
                            "reader": "rachid",
                            "minutes": 700,
                            "status": "approved",
                            "body": "Une remorque en plus du coffre pour les gros chantiers, et je me fais livrer le matériel lourd directement sur place. Le coffre suffit pour neuf dépannages sur dix.",
                        },
                    ],
                },
            ],
        },
        {
            "reader": "gerard",
            "minutes": 2000,
            "status": "approved",
            "body": "De mon temps, le boucher livrait déjà à vélo, avec un grand panier à l'avant. Comme quoi, tout revient !",
        },
        {
            "reader": "promo",
            "minutes": 5000,
            "status": "spam",
            "flag_reasons": ["honeypot", "too_fast"],
            "body": "Super article, merci pour le partage ! Découvrez nos offres exceptionnelles sur https://promo-affaires.example.net/velos",
        },
    ],
    "glaciers-alpes-reculent": [
        {
            "reader": "elodie",
            "minutes": 120,
            "status": "approved",
            "body": "Guide de haute montagne depuis quinze ans, je ne reconnais plus certains itinéraires. Des passages que l'on faisait sur la neige en juillet sont devenus des pierriers instables dès le mois de juin.\n\nMerci de parler aussi de l'eau des vallées, on l'oublie trop souvent.",
            "replies": [
                {
                    "reader": "yann",
                    "minutes": 300,
                    "status": "approved",
                    "body": "Votre témoignage rejoint celui des gardiens de refuge : certains n'ont plus d'eau dès la mi-août. C'est très concret.",
                },
            ],
        },
        {
            "reader": "anne-sophie",
            "minutes": 900,
            "status": "approved",
            "body": "Question sincère : la neige artificielle pèse-t-elle vraiment sur la ressource en eau, ou est-ce marginal à côté de l'agriculture ?",
            "replies": [
                {
                    "reader": "elodie",
                    "minutes": 1100,
                    "status": "approved",
                    "body": "Cela dépend beaucoup des vallées. Là où je travaille, les retenues pour la neige de culture se remplissent à l'automne, au moment où les torrents sont au plus bas. Localement, ce n'est pas marginal du tout.",
                },
            ],
        },
        {
            "reader": "pierre-alain",
            "minutes": 1500,
            "status": "pending",
            "body": "Les glaciers ont toujours avancé et reculé, on cultivait bien la vigne en Angleterre au Moyen Âge. Je trouve qu'on dramatise beaucoup.",
        },
    ],
    "sommeil-des-adolescents": [
        {
            "reader": "isabelle",
            "minutes": 200,
            "status": "approved",
            "body": "Infirmière scolaire dans un lycée, je vois tous les jours des élèves qui s'endorment en première heure. Retarder le début des cours, même de trente minutes, serait déjà un progrès. Mais les emplois du temps dépendent aussi des transports scolaires.",
            "replies": [
                {
                    "reader": "marie-claude",
                    "minutes": 500,
                    "status": "approved",
                    "body": "Les transports, c'est le vrai verrou. Dans notre département, le premier car passe à 6 h 40…",
                },
            ],
        },
        {
            "reader": "hugo",
            "minutes": 1200,
            "status": "approved",
            "body": "Ancien lycéen pas si ancien : le téléphone hors de la chambre, oui, mais à condition que les parents le fassent aussi ! L'exemple compte.",
            "replies": [
                {
                    "reader": "isabelle",
                    "minutes": 1800,
                    "status": "approved",
                    "body": "Tout à fait d'accord, et c'est souvent ce qui marche le mieux dans les familles que je rencontre : une règle commune, pas une punition.",
                },
            ],
        },
        {
            "reader": "nadia",
            "minutes": 3000,
            "status": "approved",
            "body": "Le passage sur l'horloge biologique qui se décale devrait être lu par tous les parents : ce n'est <strong>pas</strong> de la paresse !",
        },
    ],
    "cinemas-seances-debats": [
        {
            "reader": "lucie",
            "minutes": 90,
            "status": "approved",
            "body": "Bénévole dans un cinéma associatif de la Drôme, je confirme : les soirées avec invité font salle comble, mais elles épuisent l'équipe. Il faudrait que les distributeurs participent davantage aux frais de déplacement.",
            "replies": [
                {
                    "reader": "thomas",
                    "minutes": 200,
                    "status": "approved",
                    "body": "Chez nous, ce sont les ciné-clubs du dimanche matin, avec café et croissants, qui marchent le mieux. Ça ne coûte presque rien et le public revient.",
                },
            ],
        },
        {
            "reader": "oceane",
            "minutes": 330,
            "status": "pending",
            "flag_reasons": ["too_fast"],
            "body": "Super initiative, on veut la même chose chez nous !",
        },
        {
            "reader": "yann",
            "minutes": 460,
            "status": "pending",
            "body": "Dommage que l'article ne cite aucune salle en particulier, j'aurais aimé savoir où trouver ces séances près de chez moi. Une carte serait la bienvenue !",
        },
    ],
    "feuilletons-litteraires-presse-regionale": [
        {
            "reader": "marie-claude",
            "minutes": 180,
            "status": "approved",
            "body": "Ma grand-mère découpait les feuilletons du journal et les cousait en petits cahiers. Quelle joie de voir revenir cette tradition ! J'attends le prochain samedi avec impatience.",
            "replies": [
                {
                    "reader": "bertrand",
                    "minutes": 400,
                    "status": "approved",
                    "body": "Et quand on a raté le journal, on peut lire le chapitre de la semaine en ligne le dimanche : le meilleur des deux mondes.",
                },
            ],
        },
        {
            "reader": "camille",
            "minutes": 1300,
            "status": "approved",
            "body": "Une idée pour les rédactions : publier aussi le feuilleton en version audio. Mon père, qui lit difficilement, adorerait l'écouter.",
        },
    ],
    "bibliotheques-ouvertes-le-dimanche": [
        {
            "reader": "agnes",
            "minutes": 300,
            "status": "approved",
            "body": "Bibliothécaire, je travaille un dimanche sur quatre depuis l'ouverture dominicale. Le public est différent, plus familial, et l'ambiance est très agréable. Mais sans les étudiants vacataires, ce ne serait pas tenable.",
            "replies": [
                {
                    "reader": "fatou",
                    "minutes": 700,
                    "status": "approved",
                    "body": "J'ai été vacataire le dimanche pendant deux ans : le meilleur job étudiant possible, on peut même réviser pendant les moments calmes !",
                },
            ],
        },
        {
            "reader": "vincent",
            "minutes": 2400,
            "status": "approved",
            "body": "Enfin ! Quand on travaille en semaine, emprunter un livre demandait de poser une demi-journée. Notre médiathèque ouvre le dimanche depuis septembre et c'est devenu notre sortie en famille.",
        },
        {
            "reader": "bonus",
            "minutes": 12000,
            "status": "spam",
            "flag_reasons": ["blocklist_word"],
            "body": "Gagnez gros avec le meilleur casino en ligne ! Bonus de bienvenue de 500 € sur https://bonus-gagnant.example.net/inscription",
        },
    ],
}
