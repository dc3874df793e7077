"""The demo content, modelled on the organisation's delegations page.

Plain data only; `seed.py` turns it into rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

DELEGATIONS: list[dict[str, Any]] = [
    {
        "slug": "european-union",
        "sort_order": 1,
        "en": {
            "name": "European Union",
            "heading": "MMM at the European Union",
            "summary": "MMM works to influence the debates that are held at the European level, "
            "which have a direct impact on laws and policies concerning mothers and their "
            "families in EU countries.",
            "news_heading": "News from the European Delegation",
            "news_intro": "Commission reports, debates in the European Parliament, new "
            "directives... the European Delegation seizes every opportunity to make policy "
            "recommendations that are favourable to mothers and families.",
            "description": "Based in Brussels, the European Delegation follows the work of the "
            "European Commission, the European Parliament and the Council of the European "
            "Union.\n\nIt answers public consultations, meets Members of the European "
            "Parliament and works with partner organisations so that the unpaid care work "
            "of mothers, work-life balance and maternal health are taken into account in "
            "European policies.",
        },
        "fr": {
            "name": "Union européenne",
            "heading": "MMM auprès de l'Union européenne",
            "summary": "MMM s'efforce d'influencer les débats menés au niveau européen, qui ont "
            "un impact direct sur les lois et les politiques concernant les mères et leurs "
            "familles dans les pays de l'UE.",
            "news_heading": "Actualités de la Délégation européenne",
            "news_intro": "Rapports de la Commission, débats au Parlement européen, nouvelles "
            "directives... la Délégation européenne saisit chaque occasion de formuler des "
            "recommandations politiques favorables aux mères et aux familles.",
            "description": "Basée à Bruxelles, la Délégation européenne suit les travaux de la "
            "Commission européenne, du Parlement européen et du Conseil de l'Union "
            "européenne.\n\nElle répond aux consultations publiques, rencontre les députés "
            "européens et travaille avec des organisations partenaires pour que le travail "
            "de soin non rémunéré des mères, l'équilibre entre vie professionnelle et vie "
            "privée et la santé maternelle soient pris en compte dans les politiques "
            "européennes.",
        },
    },
    {
        "slug": "united-nations",
        "sort_order": 2,
        "en": {
            "name": "United Nations",
            "heading": "MMM at the United Nations",
            "summary": "The UN delegation participates in conferences and meetings held at the "
            "global level at the United Nations in New York, Geneva or Vienna, bringing the "
            "perspective of mothers into the discussions.",
            "news_heading": "News from the UN Delegation",
            "news_intro": "MMM enjoys General Consultative Status with the United Nations "
            "Economic and Social Council: our representatives speak for mothers at the Human "
            "Rights Council, the Commission on the Status of Women and beyond.",
            "description": "MMM's representatives in New York, Geneva and Vienna take part in "
            "the sessions of the Human Rights Council and the Commission on the Status of "
            "Women, submit written statements and organise side events with partner "
            "organisations.\n\nTheir aim: that the voice of mothers is heard wherever "
            "global commitments on gender equality, care and human rights are negotiated.",
        },
        "fr": {
            "name": "Nations unies",
            "heading": "MMM auprès des Nations unies",
            "summary": "La délégation auprès de l'ONU participe aux conférences et réunions "
            "organisées au niveau mondial aux Nations unies à New York, Genève ou Vienne, et y "
            "apporte le point de vue des mères.",
            "news_heading": "Actualités de la Délégation auprès de l'ONU",
            "news_intro": "MMM bénéficie du statut consultatif général auprès du Conseil "
            "économique et social des Nations unies : nos représentantes portent la voix des "
            "mères au Conseil des droits de l'homme, à la Commission de la condition de la "
            "femme et au-delà.",
            "description": "Les représentantes de MMM à New York, Genève et Vienne participent "
            "aux sessions du Conseil des droits de l'homme et de la Commission de la "
            "condition de la femme, soumettent des déclarations écrites et organisent des "
            "événements parallèles avec des organisations partenaires.\n\nLeur objectif : "
            "que la voix des mères soit entendue partout où se négocient les engagements "
            "mondiaux en matière d'égalité, de soin et de droits humains.",
        },
    },
    {
        "slug": "unesco",
        "sort_order": 3,
        "en": {
            "name": "UNESCO",
            "heading": "MMM at UNESCO",
            "summary": "MMM is particularly involved in discussions on education and peace. MMM "
            "also promotes partnerships between UNESCO and its member associations for "
            "funding field projects.",
            "news_heading": "News from the UNESCO Team",
            "news_intro": "Statements and interventions: MMM notably defends the mother's "
            "educational responsibility and her role in the transmission of values and the "
            "promotion of peace.",
            "description": "At UNESCO's headquarters in Paris, the MMM team takes part in the "
            "work of the NGO-UNESCO Liaison Committee and in the consultations on education, "
            "culture and peace.\n\nThe team is looking for a bilingual French-English "
            "volunteer to strengthen its advocacy.",
        },
        "fr": {
            "name": "UNESCO",
            "heading": "MMM auprès de l'UNESCO",
            "summary": "MMM est particulièrement impliquée dans les discussions sur l'éducation "
            "et la paix. MMM promeut aussi les partenariats entre l'UNESCO et ses associations "
            "membres pour le financement de projets de terrain.",
            "news_heading": "Actualités de l'équipe UNESCO",
            "news_intro": "Déclarations et interventions : MMM défend notamment la "
            "responsabilité éducative de la mère et son rôle dans la transmission des valeurs "
            "et la promotion de la paix.",
            "description": "Au siège de l'UNESCO à Paris, l'équipe de MMM participe aux travaux "
            "du Comité de liaison ONG-UNESCO et aux consultations sur l'éducation, la culture "
            "et la paix.\n\nL'équipe recherche un ou une bénévole bilingue français-anglais "
            "pour renforcer son plaidoyer.",
        },
    },
]


POSTS: list[dict[str, Any]] = [
    {
        "slug": "ensuring-work-life-balance",
        "delegation": "european-union",
        "dateline": {"en": "Brussels", "fr": "Bruxelles"},
        "published_at": datetime(2025, 6, 24, 9, 0),
        "en": {
            "title": "Ensuring Work-Life Balance: The EU's Commitment to Supporting Parents, "
            "notably mothers, and Gender Equality",
            "summary": "At the latest EPSCO Council (Employment, Social Policy, Health, and "
            "Consumer Affairs), the Council of the European Union adopted groundbreaking "
            "Conclusions aimed at addressing work-life balance and promoting gender equality.",
            "body": "At the latest EPSCO Council (Employment, Social Policy, Health, and "
            "Consumer Affairs), the Council of the European Union adopted Conclusions aimed at "
            "addressing work-life balance and promoting gender equality.\n\n"
            "## Why it matters for mothers\n\n"
            "Mothers still carry most of the unpaid care work in European families. The "
            "Conclusions recognise that care is a shared responsibility and call on Member "
            "States to:\n\n"
            "- make leave arrangements accessible to both parents;\n"
            "- invest in affordable, quality childcare and long-term care;\n"
            "- support flexible working arrangements without penalising careers.\n\n"
            "> Work-life balance is not a women's issue: it is a condition for equality.\n\n"
            "MMM welcomes these Conclusions and will follow their implementation closely.",
        },
        "fr": {
            "title": "Garantir l'équilibre entre vie professionnelle et vie privée : "
            "l'engagement de l'UE pour les parents, notamment les mères, et l'égalité",
            "summary": "Lors du dernier Conseil EPSCO (Emploi, politique sociale, santé et "
            "consommateurs), le Conseil de l'Union européenne a adopté des Conclusions "
            "novatrices sur l'équilibre entre vie professionnelle et vie privée et l'égalité "
            "entre les femmes et les hommes.",
            "body": "Lors du dernier Conseil EPSCO (Emploi, politique sociale, santé et "
            "consommateurs), le Conseil de l'Union européenne a adopté des Conclusions visant "
            "l'équilibre entre vie professionnelle et vie privée et l'égalité entre les "
            "femmes et les hommes.\n\n"
            "## Pourquoi c'est important pour les mères\n\n"
            "Les mères assument encore l'essentiel du travail de soin non rémunéré dans les "
            "familles européennes. Les Conclusions reconnaissent que le soin est une "
            "responsabilité partagée et invitent les États membres à :\n\n"
            "- rendre les congés accessibles aux deux parents ;\n"
            "- investir dans des services de garde et de soins abordables et de qualité ;\n"
            "- soutenir des modes de travail flexibles sans pénaliser les carrières.\n\n"
            "> L'équilibre des temps de vie n'est pas une question de femmes : c'est une "
            "condition de l'égalité.\n\n"
            "MMM salue ces Conclusions et suivra de près leur mise en œuvre.",
        },
    },
    {
        "slug": "breaking-the-cycle-gender-equality-mental-health",
        "delegation": "european-union",
        "dateline": {"en": "Brussels", "fr": "Bruxelles"},
        "published_at": datetime(2025, 6, 16, 9, 0),
        "en": {
            "title": "Breaking the Cycle: Gender Equality as a Path to Better Mental Health",
            "summary": "The Council of the European Union has taken a decisive step in "
            "recognising the vital connection between gender equality and mental health.",
            "body": "The Council of the European Union has taken a decisive step in "
            "recognising the vital connection between gender equality and mental health.\n\n"
            "Maternal mental health is too often overlooked: the mental load, isolation after "
            "birth and the difficulty of reconciling work and family weigh on mothers' "
            "well-being.\n\n"
            "MMM calls for perinatal mental health to be part of every national mental health "
            "strategy, with screening and support available to every mother.",
        },
        "fr": {
            "title": "Briser le cercle : l'égalité comme chemin vers une meilleure santé mentale",
            "summary": "Le Conseil de l'Union européenne a franchi une étape décisive en "
            "reconnaissant le lien essentiel entre égalité entre les femmes et les hommes et "
            "santé mentale.",
            "body": "Le Conseil de l'Union européenne a franchi une étape décisive en "
            "reconnaissant le lien essentiel entre égalité entre les femmes et les hommes et "
            "santé mentale.\n\n"
            "La santé mentale maternelle est trop souvent négligée : la charge mentale, "
            "l'isolement après la naissance et la difficulté de concilier travail et famille "
            "pèsent sur le bien-être des mères.\n\n"
            "MMM demande que la santé mentale périnatale fasse partie de chaque stratégie "
            "nationale de santé mentale, avec un dépistage et un accompagnement accessibles à "
            "toutes les mères.",
        },
    },
    {
        "slug": "championing-mothers-rights-at-the-un-human-rights-council",
        "delegation": "united-nations",
        "dateline": {"en": "UN Geneva", "fr": "ONU Genève"},
        "published_at": datetime(2025, 4, 15, 9, 0),
        "en": {
            "title": "Championing Mothers' Rights at the UN Human Rights Council",
            "summary": "The 58th session of the UN Human Rights Council (HRC58) provided a "
            "crucial platform for advocacy, engagement, and collaboration on pressing human "
            "rights issues. MMM representatives made significant contributions.",
            "body": "The 58th session of the UN Human Rights Council (HRC58) provided a crucial "
            "platform for advocacy, engagement, and collaboration on pressing human rights "
            "issues.\n\n"
            "MMM representatives delivered oral statements, co-signed joint statements with "
            "partner organisations and met with delegations to highlight the rights of "
            "mothers, in particular the recognition of unpaid care work.",
        },
        "fr": {
            "title": "Défendre les droits des mères au Conseil des droits de l'homme de l'ONU",
            "summary": "La 58e session du Conseil des droits de l'homme (CDH58) a offert une "
            "plateforme essentielle de plaidoyer, d'échanges et de collaboration sur des "
            "questions urgentes de droits humains. Les représentantes de MMM y ont "
            "activement contribué.",
            "body": "La 58e session du Conseil des droits de l'homme des Nations unies (CDH58) "
            "a offert une plateforme essentielle de plaidoyer, d'échanges et de collaboration "
            "sur des questions urgentes de droits humains.\n\n"
            "Les représentantes de MMM ont prononcé des déclarations orales, cosigné des "
            "déclarations conjointes avec des organisations partenaires et rencontré des "
            "délégations pour mettre en avant les droits des mères, en particulier la "
            "reconnaissance du travail de soin non rémunéré.",
        },
    },
    {
        "slug": "motherhood-the-unfinished-business-of-beijing",
        "delegation": "united-nations",
        "dateline": {"en": "UN New York", "fr": "ONU New York"},
        "published_at": datetime(2025, 3, 20, 9, 0),
        "en": {
            "title": "Motherhood: The Unfinished Business of Beijing",
            "summary": "The Beijing Declaration and Platform for Action (1995) is a landmark "
            "global policy document focused on advancing gender equality and women's rights, "
            "and is considered one of the most comprehensive frameworks of its kind.",
            "body": "The Beijing Declaration and Platform for Action (1995) is a landmark "
            "global policy document focused on advancing gender equality and women's "
            "rights.\n\n"
            "Thirty years on, MMM reminds the Commission on the Status of Women that "
            "motherhood remains the unfinished business of Beijing: the penalties mothers face "
            "in pay, pensions and health have not disappeared.",
        },
        "fr": {
            "title": "La maternité, chantier inachevé de Pékin",
            "summary": "La Déclaration et le Programme d'action de Pékin (1995) sont un texte "
            "de référence mondial pour l'égalité entre les femmes et les hommes et les droits "
            "des femmes, considéré comme l'un des cadres les plus complets en la matière.",
            "body": "La Déclaration et le Programme d'action de Pékin (1995) sont un texte de "
            "référence mondial pour l'égalité entre les femmes et les hommes et les droits des "
            "femmes.\n\n"
            "Trente ans plus tard, MMM rappelle à la Commission de la condition de la femme "
            "que la maternité reste le chantier inachevé de Pékin : les pénalités subies par "
            "les mères en matière de salaire, de retraite et de santé n'ont pas disparu.",
        },
    },
    {
        "slug": "supporting-mothers-with-disabilities",
        "delegation": "united-nations",
        "dateline": {"en": "UN Geneva", "fr": "ONU Genève"},
        "published_at": datetime(2025, 3, 5, 9, 0),
        # English only: the French pages show it with a notice, as the real site does.
        "en": {
            "title": "Supporting Mothers with Disabilities: A Call for Enhanced Care and Resources",
            "summary": "Mothers with disabilities face many challenges in a world that is "
            "physically, socially and structurally inaccessible. Their struggles often go "
            "unnoticed and underappreciated.",
            "body": "Mothers with disabilities face many challenges in a world that is "
            "physically, socially and structurally inaccessible. Their struggles often go "
            "unnoticed and underappreciated, which results in vast misconceptions.\n\n"
            "MMM calls for accessible maternal health services, peer support and the "
            "participation of mothers with disabilities in the policies that concern them.",
        },
    },
    {
        "slug": "new-eu-gender-equality-roadmap",
        "delegation": "european-union",
        "dateline": {"en": "Brussels", "fr": "Bruxelles"},
        "published_at": datetime(2025, 2, 20, 9, 0),
        "en": {
            "title": "The New EU Gender Equality Roadmap: A Call for Inclusion of Mothers",
            "summary": "The European Commission's initiative on a new Gender Equality Roadmap "
            "post-2025 marks a significant step forward in addressing gender disparities "
            "across the European Union. Make Mothers Matter (MMM) welcomes it.",
            "body": "The European Commission's initiative on a new Gender Equality Roadmap "
            "post-2025 marks a significant step forward in addressing gender disparities "
            "across the European Union.\n\n"
            "In its contribution to the consultation, MMM asks that the Roadmap name mothers "
            "explicitly: the motherhood penalty is one of the main drivers of the gender pay "
            "and pension gaps.",
        },
        "fr": {
            "title": "La nouvelle feuille de route de l'UE pour l'égalité : inclure les mères",
            "summary": "L'initiative de la Commission européenne pour une nouvelle feuille de "
            "route pour l'égalité entre les femmes et les hommes après 2025 marque une avancée "
            "importante. Make Mothers Matter (MMM) s'en félicite.",
            "body": "L'initiative de la Commission européenne pour une nouvelle feuille de "
            "route pour l'égalité entre les femmes et les hommes après 2025 marque une avancée "
            "importante pour réduire les inégalités dans l'Union européenne.\n\n"
            "Dans sa contribution à la consultation, MMM demande que la feuille de route "
            "nomme explicitement les mères : la pénalité liée à la maternité est l'une des "
            "principales causes des écarts de salaire et de retraite.",
        },
    },
    {
        "slug": "support-for-our-unesco-team",
        "delegation": "unesco",
        "calls_for": ["bilingual-volunteer-at-unesco"],
        "dateline": {"en": "UNESCO, Paris", "fr": "UNESCO, Paris"},
        "published_at": datetime(2025, 2, 10, 9, 0),
        "en": {
            "title": "Support for our UNESCO team",
            "summary": "To strengthen our advocacy team at UNESCO, we are looking for a "
            "bilingual French-English volunteer, to represent us and bring the voice of "
            "mothers to UNESCO's various bodies.",
            "body": "To strengthen our advocacy team at UNESCO, we are looking for a bilingual "
            "French-English volunteer, to represent us and bring the voice of mothers to "
            "UNESCO's various bodies.\n\n"
            "The role is described below: apply online before its closing date.",
        },
        "fr": {
            "title": "Renforcer notre équipe à l'UNESCO",
            "summary": "Pour renforcer notre équipe de plaidoyer à l'UNESCO, nous recherchons "
            "un ou une bénévole bilingue français-anglais pour nous représenter et porter la "
            "voix des mères dans les différentes instances de l'UNESCO.",
            "body": "Pour renforcer notre équipe de plaidoyer à l'UNESCO, nous recherchons un "
            "ou une bénévole bilingue français-anglais pour nous représenter et porter la voix "
            "des mères dans les différentes instances de l'UNESCO.\n\n"
            "La mission est décrite ci-dessous : postulez en ligne avant sa date de clôture.",
        },
    },
    {
        "slug": "mmm-teams-push-for-strengthening-the-right-to-education",
        "delegation": "unesco",
        "dateline": {"en": "UN Geneva", "fr": "ONU Genève"},
        "published_at": datetime(2024, 6, 18, 9, 0),
        "en": {
            "title": "MMM teams push for strengthening the right to education",
            "summary": "A resolution aimed at strengthening the right to education in "
            "international legal instruments will be negotiated during the 56th session of "
            "the Human Rights Council.",
            "body": "A resolution aimed at strengthening the right to education in "
            "international legal instruments will be negotiated during the 56th session of "
            "the Human Rights Council.\n\n"
            "Our UNESCO and Geneva teams work together so that the role of parents, and of "
            "mothers in particular, as first educators is recognised.",
        },
        "fr": {
            "title": "Les équipes de MMM mobilisées pour renforcer le droit à l'éducation",
            "summary": "Une résolution visant à renforcer le droit à l'éducation dans les "
            "instruments juridiques internationaux sera négociée lors de la 56e session du "
            "Conseil des droits de l'homme.",
            "body": "Une résolution visant à renforcer le droit à l'éducation dans les "
            "instruments juridiques internationaux sera négociée lors de la 56e session du "
            "Conseil des droits de l'homme.\n\n"
            "Nos équipes de l'UNESCO et de Genève travaillent ensemble pour que le rôle des "
            "parents, et des mères en particulier, comme premiers éducateurs soit reconnu.",
        },
    },
]


POSTS.append(
    {
        "slug": "table-ronde-conge-parental-bruxelles",
        "delegation": "european-union",
        "dateline": {"en": "Brussels", "fr": "Bruxelles"},
        "published_at": datetime(2025, 3, 20, 9, 0),
        "calls_for": ["policy-volunteer-in-brussels"],
        # French only: the English pages show it with a notice.
        "fr": {
            "title": "Table ronde à Bruxelles : le congé parental, cinq ans après la directive",
            "summary": "Avec des députées européennes et des associations familiales, nous "
            "avons fait le point sur l'application de la directive sur l'équilibre entre vie "
            "professionnelle et vie privée.",
            "body": "Cinq ans après l'adoption de la directive, les congés rémunérés restent "
            "inégaux d'un pays à l'autre et les mères en portent encore l'essentiel.\n\n"
            "MMM a rappelé trois demandes : une rémunération réelle du congé parental, la "
            "prise en compte du travail de soin non rémunéré, et des données comparables "
            "entre États membres. Notre délégation cherche un ou une bénévole pour suivre "
            "ces travaux : la mission est décrite ci-dessous.",
        },
    }
)


OPENINGS: list[dict[str, Any]] = [
    {
        "slug": "bilingual-volunteer-at-unesco",
        "delegation": "unesco",
        "location": {"en": "UNESCO, Paris", "fr": "UNESCO, Paris"},
        "is_remote": False,
        "commitment": {"en": "2 days a month", "fr": "2 jours par mois"},
        "places": 1,
        "open_for_days": 90,
        "languages": {"fr": "C1", "en": "C1"},
        "questions": [
            {
                "kind": "yes_no",
                "is_required": True,
                "en": "Have you already taken part in meetings of an international organisation?",
                "fr": "Avez-vous déjà participé à des réunions d'une organisation internationale ?",
            },
        ],
        "en": {
            "title": "Bilingual French-English volunteer at UNESCO",
            "summary": "Represent MMM and bring the voice of mothers to UNESCO's various "
            "bodies, alongside our advocacy team in Paris.",
            "description": "To strengthen our advocacy team at UNESCO, we are looking for a "
            "bilingual French-English volunteer.\n\n"
            "## What you will do\n\n"
            "- attend meetings of the NGO-UNESCO Liaison Committee and UNESCO consultations;\n"
            "- prepare and deliver statements with the team;\n"
            "- report back to the delegation and contribute to our news.\n\n"
            "## Who you are\n\n"
            "You speak and write French and English fluently (C1 or above), you care about "
            "education, peace and the recognition of mothers, and you can come to UNESCO's "
            "headquarters in Paris about two days a month.",
        },
        "fr": {
            "title": "Bénévole bilingue français-anglais auprès de l'UNESCO",
            "summary": "Représenter MMM et porter la voix des mères dans les différentes "
            "instances de l'UNESCO, aux côtés de notre équipe de plaidoyer à Paris.",
            "description": "Pour renforcer notre équipe de plaidoyer à l'UNESCO, nous "
            "recherchons un ou une bénévole bilingue français-anglais.\n\n"
            "## Votre mission\n\n"
            "- participer aux réunions du Comité de liaison ONG-UNESCO et aux consultations "
            "de l'UNESCO ;\n"
            "- préparer et prononcer des déclarations avec l'équipe ;\n"
            "- rendre compte à la délégation et contribuer à nos actualités.\n\n"
            "## Votre profil\n\n"
            "Vous parlez et écrivez couramment le français et l'anglais (C1 ou plus), "
            "l'éducation, la paix et la reconnaissance des mères vous tiennent à cœur, et "
            "vous pouvez vous rendre au siège de l'UNESCO à Paris environ deux jours par mois.",
        },
    },
]


OPENINGS.extend(
    [
        {
            "slug": "policy-volunteer-in-brussels",
            "delegation": "european-union",
            "location": {"en": "Brussels", "fr": "Bruxelles"},
            "is_remote": True,
            "commitment": {"en": "1 day a week", "fr": "1 jour par semaine"},
            "places": 2,
            "open_for_days": 45,
            "languages": {"en": "C1", "fr": "B2"},
            "en": {
                "title": "Policy volunteer in Brussels",
                "summary": "Follow the EU's work on care, work-life balance and family "
                "policy, and help us prepare our contributions.",
                "description": "Our delegation to the European Union follows the European "
                "Parliament, the Commission and the Council.\n\n"
                "## What you will do\n\n"
                "- monitor consultations and draft legislation on care and family policy;\n"
                "- prepare briefings and contributions with the team;\n"
                "- attend meetings in Brussels when you can.\n\n"
                "## Who you are\n\n"
                "You read EU texts with ease, write clear English, and understand French.",
            },
            "fr": {
                "title": "Bénévole en affaires publiques à Bruxelles",
                "summary": "Suivre les travaux de l'UE sur le soin, l'équilibre entre vie "
                "professionnelle et vie privée et la politique familiale, et préparer nos "
                "contributions.",
                "description": "Notre délégation auprès de l'Union européenne suit le "
                "Parlement européen, la Commission et le Conseil.\n\n"
                "## Votre mission\n\n"
                "- suivre les consultations et les projets de textes sur le soin et la "
                "politique familiale ;\n"
                "- préparer des notes et des contributions avec l'équipe ;\n"
                "- participer aux réunions à Bruxelles quand vous le pouvez.\n\n"
                "## Votre profil\n\n"
                "Vous lisez aisément les textes européens, écrivez un anglais clair et "
                "comprenez le français.",
            },
        },
        {
            "slug": "human-rights-council-volunteer-in-geneva",
            "delegation": "united-nations",
            "location": {"en": "UN Geneva", "fr": "ONU Genève"},
            "is_remote": False,
            "commitment": {
                "en": "The three Council sessions (March, June, September)",
                "fr": "Les trois sessions du Conseil (mars, juin, septembre)",
            },
            "places": 1,
            "open_for_days": 60,
            "languages": {"en": "C1", "fr": "B1"},
            "en": {
                "title": "Human Rights Council volunteer in Geneva",
                "summary": "Represent MMM at the sessions of the Human Rights Council and "
                "help deliver our oral statements.",
                "description": "At the Palais des Nations, you follow the Council's debates "
                "on the rights of women, children and families, meet delegations, and help "
                "prepare and deliver our statements.",
            },
            "fr": {
                "title": "Bénévole au Conseil des droits de l'homme à Genève",
                "summary": "Représenter MMM aux sessions du Conseil des droits de l'homme "
                "et contribuer à nos déclarations orales.",
                "description": "Au Palais des Nations, vous suivez les débats du Conseil "
                "sur les droits des femmes, des enfants et des familles, rencontrez les "
                "délégations, et aidez à préparer et prononcer nos déclarations.",
            },
        },
        {
            "slug": "commission-on-the-status-of-women-volunteer-in-new-york",
            "delegation": "united-nations",
            "location": {"en": "UN New York", "fr": "ONU New York"},
            "is_remote": True,
            "commitment": {
                "en": "Two weeks in March, and preparation online",
                "fr": "Deux semaines en mars, et une préparation en ligne",
            },
            "places": 2,
            "open_for_days": 30,
            "languages": {"en": "C1"},
            "en": {
                "title": "Commission on the Status of Women volunteer in New York",
                "summary": "Join our delegation to the Commission on the Status of Women "
                "and bring the voice of mothers to its side events.",
                "description": "Each March, the Commission on the Status of Women gathers "
                "governments and civil society in New York. You help prepare our written "
                "statement, organise a side event and report on the negotiations.",
            },
            "fr": {
                "title": "Bénévole à la Commission de la condition de la femme à New York",
                "summary": "Rejoindre notre délégation à la Commission de la condition de "
                "la femme et porter la voix des mères lors de ses événements parallèles.",
                "description": "Chaque mois de mars, la Commission de la condition de la "
                "femme réunit gouvernements et société civile à New York. Vous aidez à "
                "préparer notre déclaration écrite, à organiser un événement parallèle et à "
                "rendre compte des négociations.",
            },
        },
        {
            "slug": "note-taker-for-the-unesco-general-conference",
            "delegation": "unesco",
            "status": "closed",
            "location": {"en": "UNESCO, Paris", "fr": "UNESCO, Paris"},
            "is_remote": False,
            "commitment": {"en": "Ten days in November", "fr": "Dix jours en novembre"},
            "places": 1,
            "open_for_days": -20,
            "languages": {"fr": "B2", "en": "B2"},
            "en": {
                "title": "Note-taker for the UNESCO General Conference",
                "summary": "Take notes in the plenary and commissions of the General "
                "Conference for our team.",
                "description": "This role has been filled for this year's session.",
            },
            "fr": {
                "title": "Prise de notes à la Conférence générale de l'UNESCO",
                "summary": "Prendre des notes en plénière et en commissions de la "
                "Conférence générale pour notre équipe.",
                "description": "Cette mission a été pourvue pour la session de cette année.",
            },
        },
    ]
)


DEMO_APPLICATION: dict[str, Any] = {
    "opening": "bilingual-volunteer-at-unesco",
    "applicant": "volunteer@example.org",
    "motivation": (
        "I have followed the work of Make Mothers Matter for several years and I would love to "
        "represent the organisation at UNESCO. I am bilingual in French and English, I worked "
        "for ten years in education, and I am available two days a month in Paris."
    ),
    "availability": "Two days a month, mostly Tuesdays and Thursdays.",
    "languages": {"fr": "C2", "en": "C1", "it": "B2"},
    "answers": {"0": "yes"},  # by question position, mapped to ids when seeded
}
