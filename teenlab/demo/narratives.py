"""The written parts of the TEEN LAB bilan, in French as published and in Italian and English.

The French texts are the published report's own words (``bilan-teenlab-2021-2023.txt``), with its
``**`` bold markers removed (but in the introduction, which keeps the published bold): the
bilan shows paragraphs (separated by a blank line) and ``- `` bullet lines. The Italian and
English texts are translations of them.
"""

NARRATIVES: dict[str, dict[str, str]] = {
    "introduction": {
        # « Bilan de projet », the published report's opening page. The ages are the target
        # the programme defines (the project's eligible ages), not a figure of the records.
        "fr": (
            "Le projet européen **TEEN LAB**, démarré en mai 2021 est une formation à"
            " destination de jeunes âgés de 16 à 26 ans de l'agglomération chambérienne **sortis"
            " du système éducatif**. Financé par le programme européen **INTERREG-ALCOTRA"
            " 2014-2020** pour la coopération transfrontalière entre la France et l'Italie, il"
            " est organisé conjointement avec la **Ville de Pinerolo** (province de Turin),"
            " **chef de file du programme**.\n\n"
            "L'ambition est d'améliorer les stratégies de lutte contre le **décrochage"
            " scolaire** par l'expérimentation d'**actions innovantes de formation** dans"
            " lesquelles les jeunes deviennent les protagonistes d'un parcours pédagogique. Ce"
            " parcours leur permet d'acquérir des **compétences** et des **aptitudes**"
            " nécessaires pour leur **inclusion socio-professionnelle** dans les métiers du"
            " numérique.\n\n"
            "Dans le cadre du programme, **Thierry Repentin**, maire de Chambéry, **Aurélie Le"
            " Meur**, 1re adjointe chargée des relations internationales, et **Luca Salvai**,"
            " maire de Pinerolo, ont réaffirmé leurs objectifs communs en faveur de"
            " l'**inclusion socio-professionnelle** des jeunes."
        ),
        "it": (
            "Il progetto europeo **TEEN LAB**, avviato nel maggio 2021, è una formazione"
            " rivolta ai giovani dai 16 ai 26 anni dell'agglomerato di Chambéry **usciti dal"
            " sistema scolastico**. Finanziato dal programma europeo **INTERREG-ALCOTRA"
            " 2014-2020** per la cooperazione transfrontaliera tra Francia e Italia, è"
            " organizzato insieme alla **Città di Pinerolo** (provincia di Torino), **capofila"
            " del programma**.\n\n"
            "L'obiettivo è migliorare le strategie di contrasto alla **dispersione scolastica**"
            " sperimentando **azioni formative innovative** in cui i giovani diventano"
            " protagonisti di un percorso pedagogico. Questo percorso permette loro di"
            " acquisire le **competenze** e le **attitudini** necessarie per la loro"
            " **inclusione socio-professionale** nei mestieri del digitale.\n\n"
            "Nell'ambito del programma, **Thierry Repentin**, sindaco di Chambéry, **Aurélie Le"
            " Meur**, prima vicesindaca con delega alle relazioni internazionali, e **Luca"
            " Salvai**, sindaco di Pinerolo, hanno riaffermato i loro obiettivi comuni a favore"
            " dell'**inclusione socio-professionale** dei giovani."
        ),
        "en": (
            "The European project **TEEN LAB**, started in May 2021, is a training course for"
            " young people aged 16 to 26 from the Chambéry conurbation who have **left the"
            " education system**. Funded by the European programme **INTERREG-ALCOTRA"
            " 2014-2020** for cross-border cooperation between France and Italy, it is run"
            " jointly with the **City of Pinerolo** (province of Turin), **lead partner of the"
            " programme**.\n\n"
            "Its ambition is to improve the strategies against **early school leaving** by"
            " trying out **innovative training actions** in which young people become the"
            " protagonists of a learning path. This path lets them acquire the **skills** and"
            " **aptitudes** they need for their **social and professional inclusion** in"
            " digital jobs.\n\n"
            "Within the programme, **Thierry Repentin**, mayor of Chambéry, **Aurélie Le"
            " Meur**, first deputy mayor for international relations, and **Luca Salvai**, mayor"
            " of Pinerolo, reaffirmed their shared goals for the **social and professional"
            " inclusion** of young people."
        ),
    },
    "summary": {
        "fr": (
            "Les {cohorts.count:words} sessions de formation organisées dans le cadre du projet"
            " TEENLAB ont démontré"
            " la pertinence de pratiquer une politique de remobilisation des jeunes NEETs qui passe"
            " par une pédagogie, un cadre de formation et un accompagnement adapté, afin de"
            " permettre la remobilisation des jeunes par la resocialisation, l'opportunité de"
            " reprendre confiance en soi et la découverte."
        ),
        "it": (
            "Le {cohorts.count:words} sessioni di formazione organizzate nell'ambito del progetto"
            " TEENLAB hanno"
            " dimostrato la pertinenza di una politica di rimobilitazione dei giovani NEET fondata"
            " su una pedagogia, un contesto formativo e un accompagnamento adeguati, per consentire"
            " ai giovani di rimettersi in movimento attraverso la risocializzazione, l'opportunità"
            " di ritrovare fiducia in sé stessi e la scoperta."
        ),
        "en": (
            "The {cohorts.count:words} training sessions organised within the TEENLAB project"
            " showed how relevant it"
            " is to pursue a policy of re-engaging NEET young people through suitable teaching, a"
            " suitable training setting and suitable support, so that young people get moving"
            " again through re-socialisation, the chance to regain self-confidence, and discovery."
        ),
    },
    "new_skills": {
        "fr": (
            "- Retrouver un lieu de sociabilisation : rompre l'isolement social (échec scolaire,"
            " déménagement - de l'étranger ou non - isolés sans famille, suite à une expérience"
            " collective traumatisante).\n"
            "- Redonner l'envie du collectif : la formation implique de nombreux moments de groupe"
            " notamment dans les prises de décision liées au projet d'organisation d'un événement"
            " final.\n"
            "- Apports individuels : utilisation de l'ordinateur, maîtrise du français parlé..."
        ),
        "it": (
            "- Ritrovare un luogo di socialità: rompere l'isolamento sociale (insuccesso"
            " scolastico, trasferimento - dall'estero o meno - giovani soli senza famiglia, dopo"
            " un'esperienza collettiva traumatica).\n"
            "- Ridare il gusto del collettivo: la formazione prevede numerosi momenti di gruppo,"
            " in particolare nelle decisioni legate al progetto di organizzazione di un evento"
            " finale.\n"
            "- Apporti individuali: uso del computer, padronanza del francese parlato..."
        ),
        "en": (
            "- Finding a place to socialise again: breaking social isolation (failure at school,"
            " a move - from abroad or not - young people alone without family, after a traumatic"
            " group experience).\n"
            "- Rekindling the wish to be part of a group: the training involves many group"
            " moments, especially in the decisions about the project of organising a final"
            " event.\n"
            "- Individual gains: using a computer, command of spoken French..."
        ),
    },
    "pedagogy": {
        "fr": (
            "Au travers du « faire » - qui balaye l'ensemble des compétences pratiques"
            " indispensables pour aborder une sortie positive en fin de formation - et du « être »"
            " - qui permet à chaque apprenant d'évoluer sur le plan personnel, relationnel et"
            " professionnel pour mieux se positionner et agir dans les différentes situations"
            " auxquelles il sera confronté dans sa vie professionnelle.\n\n"
            "La majeure partie de la formation se déroule en mode projet. L'organisation d'un"
            " événement en est le fil conducteur, un point central de la formation TEENLAB. Il a"
            " été pensé pour être une source de motivation pour les apprenants. C'est également"
            " une réalisation concrète dans leur parcours de formation, qui leur permet"
            " d'appliquer les apprentissages.\n\n"
            "L'action au sein du FabLab essentielle à la potentialité de matérialiser une"
            " réalisation numérique grâce aux machines. La concrétisation d'un projet par soi-même"
            " et avec l'aide des autres."
        ),
        "it": (
            "Attraverso il «fare» - che abbraccia l'insieme delle competenze pratiche"
            " indispensabili per affrontare un'uscita positiva al termine della formazione - e"
            " l'«essere» - che permette a ogni partecipante di crescere sul piano personale,"
            " relazionale e professionale per sapersi collocare e agire meglio nelle diverse"
            " situazioni che incontrerà nella sua vita professionale.\n\n"
            "La maggior parte della formazione si svolge in modalità progetto. L'organizzazione di"
            " un evento ne è il filo conduttore, un punto centrale della formazione TEENLAB. È"
            " stato pensato per essere una fonte di motivazione per i partecipanti. È anche una"
            " realizzazione concreta nel loro percorso formativo, che permette loro di mettere in"
            " pratica quanto appreso.\n\n"
            "L'attività all'interno del FabLab è essenziale per poter materializzare una"
            " realizzazione digitale grazie alle macchine. La concretizzazione di un progetto da sé"
            " e con l'aiuto degli altri."
        ),
        "en": (
            "Through “doing” - which covers all the practical skills needed to reach a positive"
            " exit at the end of the training - and “being” - which lets each learner grow"
            " personally, socially and professionally, so as to find their place and act better"
            " in the different situations they will face in their working life.\n\n"
            "Most of the training is run as a project. Organising an event is its common thread,"
            " a central point of the TEENLAB training. It was designed to be a source of"
            " motivation for the learners. It is also a concrete achievement in their training"
            " path, which lets them apply what they have learnt.\n\n"
            "The work in the FabLab is essential to being able to turn a digital creation into a"
            " real object with the machines. Carrying out a project by oneself and with the help"
            " of others."
        ),
    },
    "cooperation": {
        "fr": (
            "Une coopération partenariale tout au long du projet (construction, aménagement,"
            " sourcing, recrutement, action de formation, accompagnement et suivi, encadrement)"
            " avec une coordination efficace.\n\n"
            "Des échanges transfrontaliers, ont ponctué le projet, impliquant aussi bien les"
            " jeunes, l'ouverture culturelle et les rencontres autour de pratiques communes, que"
            " les équipes encadrantes du projet, dans l'objectif d'échanger sur les méthodes et"
            " confronter des expériences similaires.\n\n"
            "Des coopérations avec une multitude d'acteurs locaux (institutions, entreprises,"
            " associations, ...) qui se sont emparés du projet, lui donnant une résonance"
            " sociétale."
        ),
        "it": (
            "Una cooperazione tra partner lungo tutto il progetto (ideazione, allestimento,"
            " individuazione dei giovani, selezione, attività formativa, accompagnamento e"
            " monitoraggio, inquadramento) con un coordinamento efficace.\n\n"
            "Gli scambi transfrontalieri hanno scandito il progetto, coinvolgendo sia i giovani,"
            " con l'apertura culturale e gli incontri attorno a pratiche comuni, sia le équipe che"
            " hanno seguito il progetto, con l'obiettivo di confrontarsi sui metodi e su"
            " esperienze simili.\n\n"
            "Cooperazioni con una moltitudine di attori locali (istituzioni, imprese,"
            " associazioni, ...) che si sono appropriati del progetto, dandogli una risonanza"
            " sociale."
        ),
        "en": (
            "Partnership-based cooperation throughout the project (design, fitting out, sourcing,"
            " recruitment, training, support and follow-up, supervision) with effective"
            " coordination.\n\n"
            "Cross-border exchanges punctuated the project, involving the young people, through"
            " cultural openness and meetings around shared practices, as well as the teams"
            " supervising the project, in order to exchange on methods and compare similar"
            " experiences.\n\n"
            "Cooperation with a wide range of local actors (institutions, companies, associations,"
            " ...) who took up the project and gave it a resonance in society."
        ),
    },
    "objectives": {
        "fr": (
            "La remobilisation des jeunes par le numérique.\n\n"
            "La formation doit permettre aux jeunes de se remettre dans une dynamique positive et"
            " de définir les contours d'un projet pour la suite : poursuivre les études, se former"
            " à un métier, intégrer une entreprise, une association, etc.\n\n"
            "Cet objectif se traduit en 3 volets dans le parcours :\n"
            "- Une formation à la culture et aux techniques du numérique"
            " ({training_hours.digital_culture}h)\n"
            "- Des ateliers d'initiation et de perfectionnement à la fabrication numérique au"
            " FabLab ({training_hours.fablab}h)\n"
            "- Des échanges Franco-Italiens à Chambéry et Pinerolo"
        ),
        "it": (
            "La rimobilitazione dei giovani attraverso il digitale.\n\n"
            "La formazione deve permettere ai giovani di ritrovare una dinamica positiva e di"
            " delineare un progetto per il futuro: proseguire gli studi, formarsi a un mestiere,"
            " entrare in un'impresa, in un'associazione, ecc.\n\n"
            "Questo obiettivo si traduce in 3 assi del percorso:\n"
            "- Una formazione alla cultura e alle tecniche del digitale"
            " ({training_hours.digital_culture} h)\n"
            "- Laboratori di introduzione e di perfezionamento alla fabbricazione digitale al"
            " FabLab ({training_hours.fablab} h)\n"
            "- Scambi franco-italiani a Chambéry e Pinerolo"
        ),
        "en": (
            "Re-engaging young people through digital technology.\n\n"
            "The training must help young people get back into a positive dynamic and outline a"
            " plan for what comes next: continuing their studies, training for a trade, joining a"
            " company, an association, etc.\n\n"
            "This objective takes the form of 3 strands in the course:\n"
            "- Training in digital culture and techniques ({training_hours.digital_culture} h)\n"
            "- Introductory and advanced workshops in digital fabrication at the FabLab"
            " ({training_hours.fablab} h)\n"
            "- Franco-Italian exchanges in Chambéry and Pinerolo"
        ),
    },
    "conclusion": {
        "fr": (
            "L'expérimentation vécue à travers la réalisation de {cohorts.count:words} sessions de"
            " formation"
            " TEENLAB montre que cette offre répond à un besoin sur le territoire qui"
            " nécessiterait d'être inscrite comme une offre structurante et pérenne."
        ),
        "it": (
            "L'esperienza vissuta attraverso la realizzazione di {cohorts.count:words} sessioni di"
            " formazione"
            " TEENLAB mostra che questa offerta risponde a un bisogno del territorio e che"
            " meriterebbe di diventare un'offerta strutturale e permanente."
        ),
        "en": (
            "The experiment of running {cohorts.count:words} TEENLAB training sessions shows that"
            " this offer meets"
            " a need in the area and deserves to become a structural, lasting part of what the"
            " area offers."
        ),
    },
}
