# ruff: noqa: E501 - long lines of prose read better unwrapped
"""The demo newsroom loaded by ``manage.py loaddemo``: sections, journalists and articles.

Original French prose written for this project; people and organisations named
in the articles are fictional. ``published_hours_ago`` dates each article
relative to the moment of the first load; a negative value schedules it.
"""

CATEGORIES = [
    {
        "slug": "technologie",
        "name": "Technologie",
        "description": "Intelligence artificielle, logiciels, réseaux : le numérique et ceux qui le font.",
    },
    {
        "slug": "economie",
        "name": "Économie",
        "description": "Entreprises, emploi, consommation et politiques économiques.",
    },
    {
        "slug": "sciences",
        "name": "Sciences",
        "description": "Climat, environnement, santé et recherche.",
    },
    {
        "slug": "culture",
        "name": "Culture",
        "description": "Livres, cinéma, musique et lieux de culture.",
    },
]

AUTHORS = [
    {
        "username": "claire.dumas",
        "first_name": "Claire",
        "last_name": "Dumas",
        "bio": "Journaliste au service technologie, elle suit la recherche et l'industrie numérique.",
    },
    {
        "username": "julien.moreau",
        "first_name": "Julien",
        "last_name": "Moreau",
        "bio": "Il couvre la culture : cinéma, spectacle vivant et lieux indépendants.",
    },
    {
        "username": "ines.benali",
        "first_name": "Inès",
        "last_name": "Benali",
        "bio": "Journaliste économique, elle s'intéresse au travail et aux territoires.",
    },
]

ARTICLES = [
    {
        "slug": "laboratoires-ia-se-disputent-chercheurs",
        "title": "Les laboratoires d'intelligence artificielle se disputent une poignée de chercheurs",
        "category": "technologie",
        "author": "claire.dumas",
        "published_hours_ago": 5,
        "standfirst": (
            "Primes, équipes entières débauchées, promesses de puissance de calcul : "
            "entre les grands laboratoires d'IA, la bataille pour les talents change "
            "de nature et redessine la carte de la recherche."
        ),
        "body": """
<p>Ils sont quelques centaines dans le monde à savoir entraîner un très grand modèle de langage de bout en bout, et tous les laboratoires veulent les mêmes. Depuis un an, les départs se succèdent à un rythme que les directions des ressources humaines du secteur n'avaient jamais connu : un responsable de l'apprentissage par renforcement quitte un géant américain pour une jeune pousse, trois semaines plus tard c'est toute son ancienne équipe qui le rejoint.</p>
<p>« On ne recrute plus des personnes, on recrute des groupes qui ont déjà travaillé ensemble », résume Hélène Marchal, chasseuse de têtes spécialisée dans la recherche, qui accompagne ces transferts depuis Paris. Un binôme qui a déjà mené à bien un entraînement complet vaut, selon elle, davantage que dix profils brillants réunis pour la première fois.</p>
<h2>La puissance de calcul comme argument</h2>
<p>Le salaire reste un levier, mais il n'est plus le premier. Les chercheurs interrogés citent d'abord l'accès aux machines : combien de processeurs graphiques leur seront réservés, pour combien de temps, et avec quelle liberté de publier. Un laboratoire qui promet de consacrer une part fixe de son parc à la recherche fondamentale marque des points face à un concurrent qui réserve tout à ses produits.</p>
<p>La culture compte aussi. Plusieurs départs récents ont été motivés, selon leurs protagonistes, par des désaccords sur la sécurité des modèles ou sur le rythme des mises sur le marché. « Quand vous passez vos journées à évaluer ce qu'un système peut faire de dangereux, vous voulez être sûr que vos conclusions seront écoutées », explique un ingénieur qui a changé d'employeur au printemps et préfère rester anonyme.</p>
<blockquote><p>« Le vrai secret industriel, aujourd'hui, c'est la mémoire des échecs : tout ce qu'une équipe a essayé et qui n'a pas marché. »</p></blockquote>
<h2>L'Europe entre vivier et tremplin</h2>
<p>Les écoles et les universités européennes forment une part importante de ces spécialistes, mais peinent à les garder. Quelques laboratoires installés à Paris, Londres ou Zurich parviennent pourtant à inverser le mouvement en proposant des équipes plus petites et une plus grande autonomie. Les clauses de non-concurrence, difficiles à faire respecter dans plusieurs pays, facilitent ces allers-retours.</p>
<p>Pour les entreprises, le risque est réel : un départ peut retarder un projet de plusieurs mois. Pour la recherche dans son ensemble, l'effet est plus ambigu. Chaque transfert diffuse des savoir-faire d'une maison à l'autre, et contribue à ce que les méthodes, à défaut des modèles eux-mêmes, circulent plus vite que jamais.</p>
""",
    },
    {
        "slug": "logiciel-libre-administrations",
        "title": "Le logiciel libre gagne du terrain dans les administrations",
        "category": "technologie",
        "author": "julien.moreau",
        "published_hours_ago": 30,
        "standfirst": (
            "Messagerie, bureautique, outils de visioconférence : de plus en plus de "
            "collectivités remplacent leurs licences par des logiciels libres, au nom "
            "de la maîtrise des données et des coûts."
        ),
        "body": """
<p>À la mairie de Saint-Aubin-sur-Loire, le changement s'est fait un lundi matin. Les trois cents agents ont trouvé sur leur poste une nouvelle suite bureautique et une messagerie hébergée par un prestataire local. « Il y a eu quelques semaines de grincements, puis plus personne n'en a parlé », raconte la directrice des systèmes d'information, Sophie Lenoir.</p>
<p>La commune n'est pas un cas isolé. Départements, régions et établissements publics sont de plus en plus nombreux à faire le même choix, encouragés par des catalogues de logiciels recommandés et par des mutualisations entre collectivités qui partagent le coût du support.</p>
<h2>Des économies, mais pas seulement</h2>
<p>Les économies de licences sont l'argument le plus visible, mais rarement le premier cité. Les responsables évoquent surtout la possibilité de savoir où sont stockées les données des administrés et de ne plus dépendre des changements de tarif d'un fournisseur unique.</p>
<ul>
<li>la formation des agents reste le premier poste de dépense lors d'une migration ;</li>
<li>les logiciels métiers, très spécialisés, sont les plus difficiles à remplacer ;</li>
<li>la mutualisation entre collectivités réduit fortement le coût de la maintenance.</li>
</ul>
<p>Reste la question des compétences. Maintenir un parc de logiciels libres suppose des équipes capables de les administrer, ou des prestataires de confiance. Plusieurs collectivités ont choisi de recruter des développeurs plutôt que d'acheter des licences, un pari qui demande du temps avant d'être rentable.</p>
""",
    },
    {
        "slug": "centres-de-donnees-plus-sobres",
        "title": "Des centres de données plus sobres, sous la pression des réseaux électriques",
        "category": "technologie",
        "author": "claire.dumas",
        "published_hours_ago": 76,
        "standfirst": (
            "La multiplication des projets de centres de données inquiète les "
            "gestionnaires de réseaux. Les opérateurs promettent des installations "
            "plus efficaces et la récupération de leur chaleur."
        ),
        "body": """
<p>Dans la zone d'activité qui borde l'autoroute, le bâtiment ne paie pas de mine : un long parallélépipède gris, des groupes froids sur le toit. À l'intérieur, plusieurs milliers de serveurs consomment autant d'électricité qu'une ville de vingt mille habitants. Et les projets de ce type se multiplient à mesure que les entreprises déploient des outils d'intelligence artificielle.</p>
<p>Les gestionnaires de réseaux électriques ont commencé à tirer la sonnette d'alarme. Dans certaines régions, les demandes de raccordement dépassent les capacités disponibles pour les prochaines années, et les délais s'allongent.</p>
<h2>La chaleur, une ressource à valoriser</h2>
<p>Pour obtenir leurs autorisations, les opérateurs mettent désormais en avant la récupération de chaleur. L'eau qui refroidit les serveurs, à une température d'une trentaine de degrés, peut alimenter un réseau de chauffage urbain, une piscine ou des serres maraîchères, à condition qu'un utilisateur se trouve à proximité.</p>
<p>« Le bon centre de données, c'est celui qu'on a pensé avec son voisinage », estime Marc Aubry, ingénieur dans un bureau d'études spécialisé. Il plaide pour que le choix des sites tienne compte des besoins de chaleur autant que de la disponibilité du foncier.</p>
<p>Les associations environnementales restent prudentes. Elles rappellent que l'efficacité des installations ne dit rien de l'utilité des calculs qu'elles hébergent, et demandent que la consommation réelle de chaque site soit publiée chaque année.</p>
""",
    },
    {
        "slug": "teletravail-villes-moyennes",
        "title": "Le télétravail redessine l'économie des villes moyennes",
        "category": "economie",
        "author": "ines.benali",
        "published_hours_ago": 20,
        "standfirst": (
            "Espaces de travail partagés, commerces de centre-ville, marché "
            "immobilier : dans plusieurs villes moyennes, l'arrivée de salariés en "
            "télétravail change le quotidien."
        ),
        "body": """
<p>Le tiers-lieu a ouvert dans une ancienne agence bancaire, face à la halle du marché. Une vingtaine de postes de travail, une salle de réunion, une cuisine commune. « Au début, on pensait accueillir surtout des indépendants. Aujourd'hui, la moitié de nos membres sont salariés d'entreprises parisiennes ou lyonnaises », explique son gérant, Thomas Vidal.</p>
<p>Dans les villes de trente à cent mille habitants, le phénomène est désormais mesurable. Les agents immobiliers constatent l'arrivée d'acheteurs qui ne travaillent pas sur place, et les commerces de bouche du centre-ville profitent d'une clientèle présente en semaine.</p>
<h2>Une tension sur le logement</h2>
<p>Le mouvement a son revers. Dans plusieurs communes, les prix des maisons avec jardin ont nettement augmenté, au point de compliquer l'installation des jeunes ménages qui travaillent localement. Les élus cherchent des réponses, entre construction de logements sociaux et encadrement des locations de courte durée.</p>
<p>Les économistes appellent à ne pas surestimer la tendance. Le télétravail reste concentré dans certains métiers, souvent qualifiés, et la plupart des salariés concernés continuent de se rendre au bureau une partie de la semaine. Pour les villes moyennes, l'enjeu est moins d'attirer de nouveaux habitants que de les garder.</p>
""",
    },
    {
        "slug": "emballages-usage-unique-agroalimentaire",
        "title": "Dans l'agroalimentaire, la fin des emballages à usage unique coûte cher",
        "category": "economie",
        "author": "julien.moreau",
        "published_hours_ago": 52,
        "standfirst": (
            "Les industriels doivent réduire leurs emballages jetables. Les grands "
            "groupes investissent, les petites entreprises s'inquiètent du coût des "
            "nouvelles lignes de conditionnement."
        ),
        "body": """
<p>Dans la conserverie familiale qu'elle dirige depuis quinze ans, Nathalie Perrin a fait ses comptes : remplacer les barquettes en plastique par des bocaux en verre consignés demande de changer toute la ligne de conditionnement. Un investissement qui représente plus d'une année de bénéfices.</p>
<p>Les obligations de réduction des emballages à usage unique se durcissent progressivement, et les entreprises de l'agroalimentaire sont en première ligne. Les grands groupes ont engagé des programmes de plusieurs centaines de millions d'euros ; les petites et moyennes entreprises, elles, avancent au cas par cas.</p>
<h2>La consigne revient</h2>
<p>La consigne, longtemps associée aux bouteilles de lait de l'après-guerre, fait son retour. Plusieurs réseaux régionaux collectent, lavent et redistribuent des contenants standardisés. Leur modèle repose sur des volumes suffisants et sur des distances courtes entre producteurs, laveries et points de vente.</p>
<table>
<caption>Ce que coûte un changement d'emballage, selon les industriels interrogés</caption>
<thead><tr><th scope="col">Poste</th><th scope="col">Part de l'investissement</th></tr></thead>
<tbody>
<tr><td>Nouvelle ligne de conditionnement</td><td>la plus grande part</td></tr>
<tr><td>Adaptation de la logistique</td><td>environ un quart</td></tr>
<tr><td>Études et formation</td><td>le reste</td></tr>
</tbody>
</table>
<p>Les fédérations professionnelles demandent des aides ciblées pour les plus petites structures et une harmonisation des formats de contenants, afin d'éviter que chaque enseigne impose le sien.</p>
""",
    },
    {
        "slug": "velo-cargo-artisans",
        "title": "Le vélo cargo, nouvel outil des artisans urbains",
        "category": "economie",
        "author": "ines.benali",
        "published_hours_ago": 122,
        "standfirst": (
            "Plombiers, fleuristes, livreurs : dans les centres-villes où la voiture "
            "recule, de plus en plus d'artisans font leurs tournées à vélo, avec "
            "plusieurs dizaines de kilos de matériel."
        ),
        "body": """
<p>Karim Haddad a vendu sa camionnette il y a deux ans. Depuis, ce plombier fait toutes ses interventions avec un vélo cargo à assistance électrique, dont le coffre accueille sa caisse à outils, un poste à souder et les pièces les plus courantes. « Je ne perds plus une demi-heure à chercher une place. Je gagne une intervention par jour », assure-t-il.</p>
<p>Les fabricants de vélos utilitaires constatent une hausse régulière des ventes aux professionnels. Les aides à l'achat proposées par certaines collectivités, et les restrictions de circulation dans les centres-villes, ont accéléré le mouvement.</p>
<h2>Des limites bien identifiées</h2>
<p>Le vélo cargo ne convient pas à tous les métiers. Les artisans du bâtiment qui transportent des matériaux lourds ou encombrants continuent d'avoir besoin d'un utilitaire, au moins pour une partie de leurs chantiers. Le stockage du vélo, la nuit, reste aussi un casse-tête dans les immeubles anciens.</p>
<p>Des ateliers spécialisés se sont créés pour entretenir ces flottes. Leurs gérants décrivent une clientèle exigeante : pour un artisan, un vélo immobilisé, c'est une journée de chiffre d'affaires perdue.</p>
""",
    },
    {
        "slug": "glaciers-alpes-reculent",
        "title": "Dans les Alpes, les glaciers reculent plus vite que prévu",
        "category": "sciences",
        "author": "claire.dumas",
        "published_hours_ago": 44,
        "standfirst": (
            "Les relevés de l'été confirment une fonte accélérée des glaciers alpins. "
            "Les glaciologues revoient leurs projections et s'inquiètent pour les "
            "ressources en eau des vallées."
        ),
        "body": """
<p>Chaque fin d'été, l'équipe de glaciologues remonte sur le glacier pour relever les balises plantées dans la glace l'année précédente. Cette saison encore, certaines dépassaient de plusieurs mètres. « Nous mesurons des pertes d'épaisseur que nos modèles n'envisageaient que pour le milieu du siècle », constate Élise Fournier, qui coordonne ces campagnes de mesure.</p>
<p>Les hivers peu enneigés privent les glaciers de la couche de neige qui les protège au début de l'été. La glace, plus sombre, absorbe davantage le rayonnement solaire et fond plus vite : un cercle vicieux que les chercheurs décrivent depuis longtemps, mais dont l'ampleur surprend.</p>
<h2>L'eau des vallées en question</h2>
<p>Au-delà du paysage, c'est la gestion de l'eau qui est en jeu. En été, la fonte des glaciers soutient le débit des torrents au moment où les besoins de l'agriculture et du tourisme sont les plus forts. À mesure que les glaciers rétrécissent, cet apport diminue.</p>
<p>Les communes de montagne commencent à adapter leurs usages : retenues collinaires, réduction de la neige artificielle, réparation des réseaux qui fuient. Les scientifiques rappellent que ces mesures atténuent les effets sans changer la tendance, qui dépend d'abord de la réduction des émissions de gaz à effet de serre.</p>
""",
    },
    {
        "slug": "qualite-eau-rivieres-capteurs",
        "title": "Des capteurs bon marché pour suivre la qualité de l'eau des rivières",
        "category": "sciences",
        "author": "julien.moreau",
        "published_hours_ago": 98,
        "standfirst": (
            "Une équipe de chercheurs et d'associations de pêcheurs a mis au point des "
            "capteurs peu coûteux qui mesurent en continu la température et "
            "l'oxygène de l'eau."
        ),
        "body": """
<p>Le boîtier tient dans la main : un tube étanche, une batterie, deux sondes et une petite antenne. Fixé à un piquet au bord de la rivière, il transmet toutes les quinze minutes la température et le taux d'oxygène dissous de l'eau. Son coût de fabrication ne dépasse pas quelques dizaines d'euros.</p>
<p>Le projet est né d'une rencontre entre un laboratoire d'écologie aquatique et une fédération de pêche, inquiète de mortalités de poissons constatées plusieurs étés de suite. Les stations de mesure officielles, coûteuses, sont trop espacées pour repérer des épisodes très localisés.</p>
<h2>Des données ouvertes</h2>
<p>Les mesures sont publiées en ligne et librement réutilisables. Les bénévoles qui entretiennent les capteurs ont été formés à leur étalonnage, et les chercheurs comparent régulièrement leurs relevés avec ceux des stations de référence.</p>
<p>Les premiers résultats montrent des écarts de température importants entre des tronçons proches, selon la présence d'arbres sur les berges ou de rejets d'eau. De quoi orienter les travaux de restauration des rivières là où ils seront les plus utiles.</p>
""",
    },
    {
        "slug": "sommeil-des-adolescents",
        "title": "Le sommeil des adolescents, une priorité de santé publique",
        "category": "sciences",
        "author": "ines.benali",
        "published_hours_ago": 150,
        "standfirst": (
            "Les adolescents dorment en moyenne bien moins que ce dont ils ont "
            "besoin. Médecins et chercheurs plaident pour des mesures concrètes, à la "
            "maison comme à l'école."
        ),
        "body": """
<p>Huit à dix heures par nuit : c'est la durée de sommeil recommandée entre treize et dix-huit ans. Les enquêtes menées auprès des collégiens et des lycéens montrent qu'une large part d'entre eux en sont loin, surtout en semaine.</p>
<p>Les causes sont connues. À l'adolescence, l'horloge biologique se décale naturellement : l'endormissement survient plus tard, alors que les horaires scolaires, eux, ne bougent pas. Les écrans utilisés le soir retardent encore le moment de dormir.</p>
<h2>Des conséquences sur l'humeur et les apprentissages</h2>
<p>Le manque de sommeil chronique a des effets mesurables sur la concentration, la mémorisation et l'humeur. « Un adolescent qui dort six heures par nuit pendant des mois n'est pas simplement fatigué. Il apprend moins bien et il est plus vulnérable à l'anxiété », souligne le docteur Paul Garnier, pédiatre spécialiste du sommeil.</p>
<p>Plusieurs pistes sont à l'étude : retarder d'une demi-heure le début des cours, sensibiliser les familles, laisser les téléphones hors de la chambre la nuit. Les chercheurs insistent sur un point : ces mesures ne fonctionnent que si elles sont expliquées aux adolescents eux-mêmes, plutôt qu'imposées.</p>
""",
    },
    {
        "slug": "forets-de-laminaires-iroise",
        "title": "Sous la mer d'Iroise, des forêts d'algues sous haute surveillance",
        "category": "sciences",
        "author": "claire.dumas",
        "published_hours_ago": 200,
        "standfirst": (
            "Les grandes algues brunes qui tapissent les fonds au large du Finistère "
            "abritent une biodiversité remarquable. Plongeurs et scientifiques "
            "surveillent leur santé."
        ),
        "body": """
<p>À dix mètres de profondeur, la lumière devient verte et les laminaires ondulent comme les arbres d'une forêt sous le vent. Ces grandes algues brunes, qui peuvent dépasser deux mètres, servent d'abri et de nurserie à des dizaines d'espèces de poissons, de crustacés et de mollusques.</p>
<p>Depuis plusieurs années, des plongeurs scientifiques recensent leur densité sur des sites de référence. Leurs observations montrent une forêt globalement en bonne santé, mais fragilisée par endroits par les vagues de chaleur marines et par la récolte d'algues destinées à l'industrie.</p>
<h2>Une récolte encadrée</h2>
<p>La récolte des laminaires est une activité ancienne sur la côte bretonne. Elle fait désormais l'objet de quotas et de zones de rotation, pour laisser aux forêts le temps de se reconstituer. Les pêcheurs professionnels participent au suivi, qui conditionne leur droit de récolte.</p>
<p>Les scientifiques espèrent que ces données, accumulées sur le long terme, permettront de distinguer les effets du réchauffement de ceux des activités humaines, et de mieux protéger ces écosystèmes encore méconnus du grand public.</p>
""",
    },
    {
        "slug": "cinemas-seances-debats",
        "title": "Les petites salles de cinéma misent sur les séances-débats",
        "category": "culture",
        "author": "julien.moreau",
        "published_hours_ago": 10,
        "standfirst": (
            "Rencontres avec les équipes des films, ciné-clubs, projections suivies "
            "d'un repas : pour attirer les spectateurs, les cinémas indépendants "
            "transforment la séance en événement."
        ),
        "body": """
<p>Ce mardi soir, la salle de quatre-vingts places est pleine. Après la projection d'un documentaire sur les paysans de la vallée, la réalisatrice répond pendant une heure aux questions du public. « Ces soirs-là, les gens restent, discutent, reviennent la semaine suivante », se réjouit Anne Rolland, qui programme le cinéma associatif depuis dix ans.</p>
<p>Face à la concurrence des plateformes de vidéo à la demande, les salles indépendantes ont fait de la rencontre leur marque de fabrique. Les séances accompagnées d'un invité, les ciné-clubs animés par des bénévoles et les soirées thématiques représentent une part croissante de leur fréquentation.</p>
<h2>Un modèle fragile</h2>
<p>Organiser ces soirées demande du temps et de l'argent : déplacement des invités, communication, heures de bénévoles. Les exploitants s'appuient sur les aides des collectivités et sur les réseaux de salles, qui mutualisent l'organisation des tournées.</p>
<p>Le public, lui, semble au rendez-vous. Les séances-débats attirent des spectateurs de tous âges, y compris des lycéens venus avec leurs enseignants, que les salles espèrent transformer en spectateurs réguliers.</p>
""",
    },
    {
        "slug": "feuilletons-litteraires-presse-regionale",
        "title": "Le retour des feuilletons littéraires dans la presse régionale",
        "category": "culture",
        "author": "ines.benali",
        "published_hours_ago": 68,
        "standfirst": (
            "Plusieurs quotidiens régionaux publient de nouveau des romans en "
            "épisodes, écrits par des auteurs de leur territoire. Une tradition du "
            "XIXᵉ siècle qui retrouve des lecteurs."
        ),
        "body": """
<p>Chaque samedi, les lecteurs retrouvent un nouveau chapitre, une page entière, avec une illustration commandée à un dessinateur local. Le roman, une enquête située dans le port de la ville, a été écrit pour le journal par une romancière de la région.</p>
<p>Le feuilleton a fait la fortune de la presse au XIXᵉ siècle : les plus grands romanciers de l'époque ont publié leurs œuvres par épisodes, tenant des milliers de lecteurs en haleine. Le genre avait presque disparu des journaux ; il y revient, sur papier comme en ligne.</p>
<h2>Fidéliser les lecteurs</h2>
<p>Pour les rédactions, l'intérêt est double. Le feuilleton crée un rendez-vous qui fidélise les abonnés, et il offre aux auteurs un espace de publication rémunéré. « Des lecteurs nous écrivent pour proposer des suites ou protester contre la mort d'un personnage », sourit le rédacteur en chef adjoint d'un quotidien de l'Ouest.</p>
<p>Certains journaux publient ensuite le roman complet en volume, avec un éditeur de la région. Un débouché précieux pour des auteurs qui peinent souvent à trouver leur place dans les grandes maisons d'édition.</p>
""",
    },
    {
        "slug": "festival-musique-ancienne-lyon",
        "title": "À Lyon, un festival de musique ancienne fait salle comble",
        "category": "culture",
        "author": "claire.dumas",
        "published_hours_ago": 112,
        "standfirst": (
            "Instruments d'époque, concerts dans des églises et des cours "
            "d'immeubles : le festival attire un public bien plus jeune que ses "
            "organisateurs ne l'imaginaient."
        ),
        "body": """
<p>Dans la cour pavée d'un immeuble de la Renaissance, un ensemble de six musiciens accorde ses violes de gambe. Le concert affiche complet depuis des semaines, comme la plupart des rendez-vous de cette édition. Dans le public, beaucoup d'étudiants, venus pour la première fois.</p>
<p>Le festival a fait le choix de lieux inattendus et de concerts courts, à des tarifs accessibles. Les musiciens présentent les œuvres et les instruments avant de jouer, et restent ensuite pour échanger avec les spectateurs.</p>
<h2>Une scène en pleine vitalité</h2>
<p>La musique ancienne a connu un profond renouvellement depuis les années 1970, avec la redécouverte des instruments et des techniques de jeu d'époque. Les ensembles spécialisés se sont multipliés, et beaucoup de jeunes musiciens choisissent aujourd'hui cette voie dès le conservatoire.</p>
<p>Les organisateurs préparent déjà l'édition suivante, avec davantage de concerts gratuits en plein air et des ateliers de découverte pour les enfants des écoles voisines.</p>
""",
    },
    {
        "slug": "bibliotheques-ouvertes-le-dimanche",
        "title": "Les bibliothèques ouvertes le dimanche : un premier bilan encourageant",
        "category": "culture",
        "author": "julien.moreau",
        "published_hours_ago": 260,
        "standfirst": (
            "Familles, étudiants, lecteurs de journaux : dans les villes qui ont "
            "étendu leurs horaires, le dimanche est devenu l'un des jours les plus "
            "fréquentés des bibliothèques."
        ),
        "body": """
<p>Il est quatorze heures, et la salle de lecture est déjà presque pleine. Des étudiants révisent, des parents lisent des albums à leurs enfants, des retraités feuillettent la presse. Depuis que la médiathèque ouvre le dimanche après-midi, la fréquentation de ce jour-là dépasse celle de la plupart des jours de semaine.</p>
<p>L'extension des horaires d'ouverture a été encouragée ces dernières années par des financements spécifiques. Les villes qui ont franchi le pas décrivent un public nouveau, qui ne fréquentait pas la bibliothèque faute de temps en semaine.</p>
<h2>Le personnel au cœur du sujet</h2>
<p>L'ouverture dominicale repose sur des équipes volontaires, des recrutements ou des étudiants vacataires. Les syndicats rappellent qu'elle ne doit pas se faire au détriment des conditions de travail, et demandent que les compensations soient garanties dans la durée.</p>
<p>Pour les élus, le bilan est positif : la bibliothèque devient un lieu de vie à part entière, gratuit et ouvert à tous, à un moment de la semaine où peu d'autres services publics le sont.</p>
""",
    },
]

DRAFT_ARTICLE = {
    "slug": "reglement-europeen-ia-ce-qui-change",
    "title": "Ce que change le règlement européen sur l'intelligence artificielle",
    "category": "technologie",
    "author": "claire.dumas",
    "published_hours_ago": 0,
    "standfirst": (
        "Obligations de transparence, systèmes interdits, contrôles : les entreprises "
        "se préparent à l'application progressive du texte."
    ),
    "body": """
<p>Brouillon en cours de relecture. Le texte européen classe les systèmes d'intelligence artificielle selon leur niveau de risque et fixe, pour chaque catégorie, des obligations différentes.</p>
<p>À compléter : calendrier d'application, témoignages d'entreprises et de juristes.</p>
""",
}

SCHEDULED_ARTICLE = {
    "slug": "budget-ce-que-prevoit-le-projet-de-loi-de-finances",
    "title": "Budget : ce que prévoit le projet de loi de finances",
    "category": "economie",
    "author": "ines.benali",
    "published_hours_ago": -72,
    "standfirst": (
        "Dépenses, recettes, mesures fiscales : les principaux arbitrages du projet de "
        "budget présenté en conseil des ministres."
    ),
    "body": """
<p>Le projet de loi de finances fixe le cadre des dépenses et des recettes de l'État pour l'année à venir. Il sera débattu au Parlement pendant plusieurs semaines avant son adoption définitive.</p>
<h2>Les principales mesures</h2>
<ul>
<li>une progression maîtrisée des dépenses de fonctionnement ;</li>
<li>des crédits supplémentaires pour l'éducation et la transition énergétique ;</li>
<li>une révision de plusieurs niches fiscales.</li>
</ul>
<p>Les oppositions ont déjà annoncé leurs amendements. Les débats s'annoncent serrés sur les mesures fiscales.</p>
""",
}

# Topics (django-taggit) of the demo articles, by slug: each topic has its page.
TOPICS = {
    "laboratoires-ia-se-disputent-chercheurs": ["Intelligence artificielle", "Emploi"],
    "logiciel-libre-administrations": ["Logiciel libre", "Services publics"],
    "centres-de-donnees-plus-sobres": ["Intelligence artificielle", "Énergie", "Climat"],
    "teletravail-villes-moyennes": ["Emploi", "Territoires"],
    "emballages-usage-unique-agroalimentaire": ["Climat"],
    "velo-cargo-artisans": ["Territoires", "Climat"],
    "glaciers-alpes-reculent": ["Climat"],
    "qualite-eau-rivieres-capteurs": ["Climat", "Territoires"],
    "sommeil-des-adolescents": ["Santé"],
    "forets-de-laminaires-iroise": ["Climat"],
    "cinemas-seances-debats": ["Territoires"],
    "bibliotheques-ouvertes-le-dimanche": ["Services publics", "Territoires"],
    "reglement-europeen-ia-ce-qui-change": ["Intelligence artificielle"],
}
