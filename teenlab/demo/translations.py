"""The demo's record texts in Italian and English (issue 11, point 5): the programme's name,
the phases' names, the exchanges' and events' titles and the cooperations' notes, as the
Italian and English bilans print them. Names of places, organisations, associations and
sessions are proper names and stay as they are (docs/web.md, "Names in each language")."""

# The programme's name as the Interreg ALCOTRA programme itself writes it in each language.
PROGRAMME = {
    "it": "INTERREG V-A ALCOTRA Francia-Italia 2014-2020",
    "en": "INTERREG V-A ALCOTRA France-Italy 2014-2020",
}

# Phase number -> (it, en).
PHASES = {
    1: ("Elaborazione del progetto con i partner", "Designing the project with the partners"),
    2: (
        "Allestimento e attrezzatura dei locali della Dynamo",
        "Fitting out and equipping the premises at La Dynamo",
    ),
    3: (
        "Realizzazione delle due sessioni e adeguamenti intermedi",
        "Running the two sessions, with adjustments along the way",
    ),
    4: (
        "Relazione finale e raccolta dei risultati della sperimentazione",
        "Final report and compilation of the pilot's results",
    ),
}

# Exchange code -> (it, en).
EXCHANGES = {
    "X01": (
        "Incontro istituzionale di inaugurazione a Pinerolo",
        "Opening institutional meeting in Pinerolo",
    ),
    "X02": (
        "Inaugurazione dei locali TEEN LAB alla Dynamo con la delegazione di Pinerolo",
        "Opening of the TEEN LAB premises at La Dynamo with the Pinerolo delegation",
    ),
    "X03": (
        "Soggiorno dei giovani della sessione 2021 a Pinerolo",
        "Stay of the 2021 session's young people in Pinerolo",
    ),
    "X04": (
        "Formazione dei formatori franco-italiana in videoconferenza",
        "French-Italian training of trainers by videoconference",
    ),
    "X05": (
        "Scambio tra professionisti dei FabLab di Chambéry e di Pinerolo",
        "Exchange between the professionals of the Chambéry and Pinerolo FabLabs",
    ),
    "X06": (
        "Soggiorno dei giovani di Pinerolo a Chambéry",
        "Stay of the Pinerolo young people in Chambéry",
    ),
    "X07": (
        "Soggiorno dei giovani della sessione 2022 a Pinerolo",
        "Stay of the 2022 session's young people in Pinerolo",
    ),
    "X08": (
        "Incontro istituzionale di chiusura a Chambéry",
        "Closing institutional meeting in Chambéry",
    ),
    "X09": (
        "Incontro istituzionale di chiusura a Pinerolo",
        "Closing institutional meeting in Pinerolo",
    ),
}

# Event code -> (it, en); the associations they were for are proper names.
EVENTS = {
    "EV21": (
        "Torneo solidale di videogiochi e laboratorio di realtà virtuale",
        "Charity video game tournament and virtual reality workshop",
    ),
    "EV22": (
        "Escape game digitale « Il segreto della Dynamo »",
        "Digital escape game “The secret of La Dynamo”",
    ),
}

# Cooperation name -> (note in it, note in en).
COOPERATIONS = {
    "Association FabLab Chambéry": (
        "Consulenza sull'attrezzatura del FabLab e conduzione di laboratori",
        "Advice on equipping the FabLab and running workshops",
    ),
    "Association de prévention spécialisée de Savoie": (
        "Individuazione di giovani lontani dai servizi e accompagnamento durante la formazione",
        "Reaching young people out of touch with services, and support during the training",
    ),
    "Entreprises du numérique de Savoie Technolac": (
        "Interventi di professionisti, visite aziendali e tirocini",
        "Talks by professionals, company visits and work placements",
    ),
    "Grand Chambéry": (
        "Co-progettazione e comitato di pilotaggio",
        "Co-design and steering committee",
    ),
    "Lycées de Chambéry (lutte contre le décrochage scolaire)": (
        "Orientamento di giovani usciti dal sistema scolastico",
        "Referral of young people who have left school",
    ),
    "Mission Locale Jeunes de Chambéry": (
        "Orientamento, colloqui di selezione e monitoraggio dei percorsi",
        "Referral, selection interviews and follow-up of the young people's paths",
    ),
    "Pôle emploi Chambéry": (
        "Informazione e invio da parte dei servizi per l'impiego",
        "Information and referral of jobseekers",
    ),
    "Ville de Chambéry, services techniques": (
        "Progettazione e lavori di allestimento dei locali della Dynamo",
        "Design and fitting-out works of La Dynamo's premises",
    ),
}
