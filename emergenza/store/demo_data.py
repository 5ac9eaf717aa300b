"""Italian material for the demo generator: streets, names, descriptions, outcomes.

Plain data; the demo record is written in Italian, as an operations room writes it.
"""

from __future__ import annotations

# Common Italian street names (the ones found in almost every Lombard town).
STREETS = (
    "Via Roma", "Via Giuseppe Garibaldi", "Via Giuseppe Mazzini", "Via Dante Alighieri",
    "Piazza della Libertà", "Via XX Settembre", "Corso Vittorio Emanuele II", "Via Giacomo Matteotti",
    "Via Giuseppe Verdi", "Via Alessandro Manzoni", "Via Guglielmo Marconi", "Via Camillo Benso di Cavour",
    "Via Trento", "Via Trieste", "Via IV Novembre", "Via John Fitzgerald Kennedy", "Via Don Giovanni Minzoni",
    "Via Antonio Gramsci", "Via Giacomo Leopardi", "Via Giovanni Pascoli", "Via Alessandro Volta",
    "Via Giosuè Carducci", "Via Fiume", "Via Milano", "Via Bergamo", "Via Brescia", "Via Monza",
    "Viale Papa Giovanni XXIII", "Via San Francesco d'Assisi", "Via Sant'Antonio", "Via della Repubblica",
    "Piazza del Municipio", "Piazza Vittorio Veneto", "Via Aldo Moro", "Via Enrico Fermi", "Via Leonardo da Vinci",
    "Via Martiri della Libertà", "Via Cesare Battisti", "Via Nazario Sauro", "Via Goffredo Mameli",
    "Via Ugo Foscolo", "Via Silvio Pellico", "Via Galileo Galilei", "Via Europa", "Via dei Mille",
    "Via Piave", "Via Montegrappa", "Via Adige", "Via Po", "Via Industria", "Via dell'Artigianato",
    "Via Stazione", "Viale Stazione", "Via Papa Giovanni Paolo II", "Via Luigi Einaudi", "Via Alcide De Gasperi",
    "Via Padre Pio", "Via Santa Caterina", "Via Vincenzo Bellini", "Via Gioachino Rossini",
    "Via Giacomo Puccini", "Via Gaetano Donizetti", "Via Torquato Tasso", "Via Ludovico Ariosto",
    "Via Francesco Petrarca", "Via Torino", "Via Genova", "Via Venezia", "Via Como", "Via Lecco",
    "Via Varese", "Via Cremona", "Via Mantova", "Via Pavia", "Via Lodi", "Via Sondrio",
    "Via per Ponte San Pietro", "Strada Statale 42", "Via dei Caduti", "Via Fratelli Cervi",
    "Via Fratelli Rosselli", "Via Bruno Buozzi", "Via Filippo Turati", "Via Primo Maggio",
    "Via Quarto", "Via Solferino", "Via San Martino", "Via Giovanni XXIII", "Via Marco Polo",
    "Via Cristoforo Colombo", "Via Amerigo Vespucci", "Largo Porta Nuova", "Piazza Pontida",
    "Via Borgo Palazzo", "Via Angelo Maj", "Via Tiraboschi", "Via Paleocapa", "Via Zambonate",
)

# Approximate centre of each province's capital, for plausible coordinates.
PROVINCE_CENTRES = {
    "BG": (45.6983, 9.6773), "BS": (45.5416, 10.2118), "CO": (45.8081, 9.0852), "CR": (45.1332, 10.0227),
    "LC": (45.8566, 9.3977), "LO": (45.3097, 9.5037), "MB": (45.5845, 9.2744), "MI": (45.4642, 9.1900),
    "MN": (45.1564, 10.7914), "PV": (45.1847, 9.1582), "SO": (46.1699, 9.8715), "VA": (45.8206, 8.8251),
}

FIRST_NAMES = (
    "Marco", "Giuseppe", "Giovanni", "Luca", "Andrea", "Francesco", "Alessandro", "Matteo", "Paolo",
    "Stefano", "Roberto", "Davide", "Simone", "Federico", "Lorenzo", "Antonio", "Mario", "Luigi",
    "Maria", "Anna", "Giulia", "Francesca", "Chiara", "Sara", "Laura", "Elena", "Paola", "Valentina",
    "Silvia", "Martina", "Alessandra", "Federica", "Roberta", "Cristina", "Giovanna", "Rosa",
    "Ahmed", "Mohamed", "Ionut", "Elena", "Fatima", "Wei", "Carlos",
)

SURNAMES = (
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
    "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini",
    "Leone", "Longo", "Gentile", "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis",
    "Locatelli", "Pesenti", "Rota", "Carminati", "Bonomi", "Cattaneo", "Brambilla", "Sala", "Ghezzi",
    "Mazzoleni", "Pellegrini", "Villa", "Zanchi", "Belotti", "Gritti", "Bergamelli", "Invernizzi",
)

VEHICLES = (
    "una Fiat Panda", "una Fiat 500", "una Volkswagen Golf", "una Renault Clio", "una Ford Fiesta",
    "una Toyota Yaris", "una Lancia Ypsilon", "un furgone Fiat Ducato", "una Peugeot 208", "una Dacia Sandero",
    "un'Alfa Romeo Giulietta", "una BMW Serie 1", "un autocarro", "uno scooter", "una moto", "una Citroën C3",
)
COLOURS = ("bianca", "grigia", "nera", "blu", "rossa", "argento", "verde scuro")

# Descriptions per event type: {v} vehicle, {c} colour, {n} a small number, {s} a surname.
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "INC": ("Incidente stradale segnalato da un passante, dinamica da verificare.",
            "Sinistro all'incrocio, veicoli in mezzo alla carreggiata."),
    "INC.FERITI": ("Scontro tra {v} e {v2}, una persona ferita a bordo, richiesto 118.",
                   "Motociclista a terra dopo urto con {v}, cosciente ma dolorante.",
                   "Tamponamento a catena tra {n} veicoli, due feriti lievi."),
    "INC.MORTALE": ("Grave incidente: {v} uscita di strada, conducente non risponde, 118 sul posto.",),
    "INC.DANNI": ("Tamponamento tra {v} {c} e {v2}, nessun ferito, veicoli in carreggiata.",
                  "Urto in fase di parcheggio, le parti chiedono l'intervento per i rilievi.",
                  "Auto contro palo dell'illuminazione pubblica, conducente illeso."),
    "INC.PEDONE": ("Pedone investito sulle strisce da {v}, persona a terra.",
                   "Anziana urtata da un'auto in retromarcia, chiamato il 118."),
    "INC.FUGA": ("Urto con {v} {c} che si è allontanata senza fermarsi, targa parziale fornita.",
                 "Veicolo in sosta danneggiato, il responsabile si è dato alla fuga."),
    "VIA": ("Segnalazione di problemi alla circolazione.",),
    "VIA.SOSTA": ("Auto in sosta davanti al passo carrabile, il residente non riesce a uscire.",
                  "{v} {c} parcheggiata sul posto riservato ai disabili.",
                  "Veicolo in doppia fila blocca il passaggio dell'autobus.",
                  "Auto parcheggiata sul marciapiede, passaggio impedito ai pedoni."),
    "VIA.INTRALCIO": ("Camion in manovra blocca la strada da {n} minuti.",
                      "Veicolo in panne in mezzo alla carreggiata."),
    "VIA.SEMAFORO": ("Semaforo guasto all'incrocio, lampeggia giallo in tutte le direzioni.",
                     "Impianto semaforico spento, traffico congestionato."),
    "VIA.OSTACOLO": ("Perdita di gasolio sulla carreggiata per circa {n}0 metri.",
                     "Carico perso da un autocarro in mezzo alla strada.",
                     "Tombino divelto sulla corsia di marcia."),
    "VIA.CODA": ("Coda in uscita dal centro commerciale, richiesta regolazione del traffico.",),
    "VIA.CONTROMANO": ("{v} {c} procede contromano, segnalata da più automobilisti.",),
    "DIS": ("Disturbo segnalato dai residenti.",),
    "DIS.RUMORE": ("Rumori molesti dall'appartamento al piano superiore, segnalante esasperato.",
                   "Lavori rumorosi fuori orario in un cantiere privato.",
                   "Cane che abbaia da ore in un cortile, proprietari assenti."),
    "DIS.MUSICA": ("Musica ad alto volume da una festa privata.",
                   "Musica alta da un locale oltre l'orario consentito."),
    "DIS.LOCALE": ("Avventori davanti al bar fanno schiamazzi e occupano la strada.",
                   "Clienti del locale disturbano la quiete dei residenti."),
    "DIS.MOLESTIE": ("Persona molesta importuna i passanti alla fermata dell'autobus.",
                     "Segnalante riferisce di essere seguita da uno sconosciuto."),
    "LIT": ("Lite in corso segnalata da un passante.",),
    "LIT.RISSA": ("Rissa tra {n} giovani davanti al bar, uno ferito al volto.",
                  "Gruppo di persone si affronta con bottiglie in piazza."),
    "LIT.LITE": ("Lite tra vicini per il parcheggio nel cortile condominiale.",
                 "Discussione animata tra automobilisti dopo un piccolo urto."),
    "LIT.DOMESTICA": ("Urla e rumori di oggetti rotti dall'appartamento, segnalano i vicini.",
                      "Donna chiede aiuto, il compagno è in stato di agitazione."),
    "LIT.AGGRESSIONE": ("Uomo aggredito da due persone che si sono allontanate a piedi.",
                        "Controllore aggredito a bordo dell'autobus."),
    "FUR": ("Segnalazione di furto.",),
    "FUR.INCORSO": ("Persone armeggiano attorno a {v} {c}, probabile furto in corso.",
                    "Allarme di un negozio attivo, persone in fuga verso il parco."),
    "FUR.ABITAZIONE": ("Furto in abitazione scoperto al rientro, porta forzata.",
                       "Sconosciuti entrati dalla finestra del piano terra."),
    "FUR.VEICOLO": ("Furto di {v} {c} parcheggiata in strada.",
                    "Finestrino rotto e borsa rubata da un'auto in sosta."),
    "FUR.RAPINA": ("Rapina in una tabaccheria, il malvivente è fuggito a piedi.",
                   "Scippo di una collana ai danni di un'anziana."),
    "FUR.TRUFFA": ("Falso tecnico dell'acqua ha truffato un'anziana, allontanato da poco.",
                   "Truffa del finto nipote, la vittima ha consegnato dei gioielli."),
    "DEG": ("Segnalazione di degrado urbano.",),
    "DEG.BIVACCO": ("Persone bivaccano sotto i portici con rifiuti sparsi.",
                    "Senza fissa dimora dorme nell'atrio della stazione."),
    "DEG.SPACCIO": ("Presunto spaccio nei giardinetti, via vai di giovani.",),
    "DEG.VANDALISMO": ("Scritte vandaliche sul muro della scuola.",
                       "Panchine e cestini danneggiati nel parco."),
    "DEG.ABUSIVO": ("Venditore abusivo con merce esposta sul marciapiede.",
                    "Parcheggiatore abusivo davanti all'ospedale."),
    "DEG.ACCATTONAGGIO": ("Accattonaggio molesto all'ingresso del supermercato.",),
    "AMB": ("Segnalazione ambientale.",),
    "AMB.RIFIUTI": ("Abbandono di rifiuti ingombranti a lato della strada.",
                    "Sacchi di macerie abbandonati vicino alla roggia."),
    "AMB.FUMI": ("Fumo nero da un cortile, si sospetta combustione di rifiuti.",),
    "AMB.CANTIERE": ("Cantiere senza segnaletica, materiale sulla carreggiata.",),
    "AMB.INQUINAMENTO": ("Chiazza oleosa nel torrente, odore di idrocarburi.",),
    "ANI": ("Segnalazione relativa ad animali.",),
    "ANI.VAGANTI": ("Cane vagante sulla provinciale, pericolo per la circolazione.",
                    "Due cavalli fuggiti da un maneggio camminano sulla strada."),
    "ANI.MORSICATURA": ("Bambino morso da un cane al parco, il proprietario è sul posto.",),
    "ANI.MALTRATTAMENTO": ("Cane chiuso in auto al sole da oltre un'ora.",),
    "ANI.FAUNA": ("Capriolo investito a bordo strada, ancora vivo.",
                  "Cinghiali avvistati vicino alle case."),
    "PER": ("Segnalazione relativa a persona in difficoltà.",),
    "PER.SCOMPARSA": ("Anziano con Alzheimer uscito di casa questa mattina, non rientrato.",
                      "Ragazzo di {n}5 anni non rientrato da scuola, familiari in apprensione."),
    "PER.MALORE": ("Persona a terra sul marciapiede, 118 allertato dal segnalante.",
                   "Uomo in stato confusionale vaga in mezzo alla strada."),
    "PER.MINORE": ("Bambino solo al parco giochi, nessun adulto nei paraggi.",),
    "SAN": ("Richiesta di supporto sanitario.",),
    "SAN.TSO": ("Esecuzione di TSO disposto dal Sindaco, presenza del medico richiesta.",),
    "SAN.ASO": ("Accertamento sanitario obbligatorio, supporto al personale del CPS.",),
    "MAN": ("Servizio per manifestazione.",),
    "MAN.MERCATO": ("Servizio al mercato settimanale, banchi fuori dagli spazi assegnati.",),
    "MAN.CORTEO": ("Corteo non preavvisato di circa {n}0 persone verso il municipio.",
                   "Presidio davanti alla prefettura, traffico rallentato."),
    "MAN.SPORT": ("Servizio di viabilità per la partita allo stadio.",
                  "Gara ciclistica in transito, chiusura temporanea delle strade."),
    "MAN.SPETTACOLO": ("Concerto in piazza, servizio di viabilità e sicurezza.",),
    "PC": ("Emergenza di protezione civile.",),
    "PC.ALLAGAMENTO": ("Sottopasso allagato, auto bloccata con il conducente a bordo.",
                       "Scantinati allagati dopo il temporale, strada impraticabile."),
    "PC.FRANA": ("Smottamento sulla strada comunale, carreggiata parzialmente ostruita.",),
    "PC.INCENDIO": ("Incendio di sterpaglie vicino alle abitazioni, Vigili del Fuoco avvisati.",
                    "Fumo da un capannone, Vigili del Fuoco in arrivo."),
    "PC.CROLLO": ("Cedimento di cornicione su marciapiede, calcinacci a terra.",),
    "PC.ALBERO": ("Albero caduto sulla carreggiata dopo il vento forte.",
                  "Ramo pericolante sopra la fermata dell'autobus."),
    "PC.NEVE": ("Strada innevata, mezzi pesanti in difficoltà.",),
    "PC.GAS": ("Forte odore di gas nell'androne del condominio, residenti in strada.",),
    "CTR": ("Controllo del territorio.",),
    "CTR.VARCO": ("Transito segnalato dal varco lettura targhe: veicolo senza assicurazione.",
                  "Varco ZTL: veicolo segnalato come rubato."),
    "CTR.VIDEO": ("Dalle telecamere: assembramento sospetto vicino alla stazione.",),
    "CTR.ESERCIZI": ("Controllo programmato degli esercizi pubblici della zona.",),
    "CTR.ALTRO": ("Servizio di controllo del territorio su disposizione del comando.",),
}

# How often each type is received (relative weights, roughly a city corps' year).
TYPE_WEIGHTS: dict[str, int] = {
    "INC": 2, "INC.FERITI": 30, "INC.MORTALE": 1, "INC.DANNI": 60, "INC.PEDONE": 6, "INC.FUGA": 12,
    "VIA": 2, "VIA.SOSTA": 110, "VIA.INTRALCIO": 25, "VIA.SEMAFORO": 8, "VIA.OSTACOLO": 12, "VIA.CODA": 6,
    "VIA.CONTROMANO": 2, "DIS": 2, "DIS.RUMORE": 55, "DIS.MUSICA": 30, "DIS.LOCALE": 20, "DIS.MOLESTIE": 15,
    "LIT": 2, "LIT.RISSA": 8, "LIT.LITE": 25, "LIT.DOMESTICA": 10, "LIT.AGGRESSIONE": 5, "FUR": 2,
    "FUR.INCORSO": 6, "FUR.ABITAZIONE": 10, "FUR.VEICOLO": 10, "FUR.RAPINA": 3, "FUR.TRUFFA": 6, "DEG": 2,
    "DEG.BIVACCO": 18, "DEG.SPACCIO": 8, "DEG.VANDALISMO": 12, "DEG.ABUSIVO": 10, "DEG.ACCATTONAGGIO": 8,
    "AMB": 1, "AMB.RIFIUTI": 25, "AMB.FUMI": 5, "AMB.CANTIERE": 6, "AMB.INQUINAMENTO": 2, "ANI": 1,
    "ANI.VAGANTI": 12, "ANI.MORSICATURA": 3, "ANI.MALTRATTAMENTO": 3, "ANI.FAUNA": 5, "PER": 1,
    "PER.SCOMPARSA": 3, "PER.MALORE": 12, "PER.MINORE": 2, "SAN": 1, "SAN.TSO": 3, "SAN.ASO": 2, "MAN": 1,
    "MAN.MERCATO": 6, "MAN.CORTEO": 2, "MAN.SPORT": 3, "MAN.SPETTACOLO": 2, "PC": 1, "PC.ALLAGAMENTO": 4,
    "PC.FRANA": 1, "PC.INCENDIO": 3, "PC.CROLLO": 1, "PC.ALBERO": 5, "PC.NEVE": 1, "PC.GAS": 2, "CTR": 1,
    "CTR.VARCO": 10, "CTR.VIDEO": 5, "CTR.ESERCIZI": 6, "CTR.ALTRO": 8,
}

# Types usually shared with the State police forces and the region.
SHARED_PREFIXES = ("INC.FERITI", "INC.MORTALE", "INC.PEDONE", "INC.FUGA", "LIT.", "FUR.", "DEG.SPACCIO",
                   "PER.SCOMPARSA", "PC.", "MAN.CORTEO", "CTR.VARCO")

# Types that become a "major event" with child events.
MAJOR_TYPES = ("PC.ALLAGAMENTO", "MAN.CORTEO", "PC.INCENDIO", "MAN.SPORT")
CHILD_TYPES = {
    "PC.ALLAGAMENTO": ("PC.ALLAGAMENTO", "PC.ALBERO", "VIA.OSTACOLO", "VIA.INTRALCIO"),
    "MAN.CORTEO": ("VIA.CODA", "DIS.MOLESTIE", "VIA.INTRALCIO", "LIT.LITE"),
    "PC.INCENDIO": ("VIA.INTRALCIO", "PER.MALORE", "AMB.FUMI"),
    "MAN.SPORT": ("VIA.SOSTA", "VIA.CODA", "LIT.RISSA", "DEG.ABUSIVO"),
}

OUTCOMES_BY_PREFIX: dict[str, tuple[str, ...]] = {
    "INC": ("Rilievi effettuati, veicoli rimossi, circolazione ripristinata.",
            "Constatazione amichevole tra le parti, nessuna sanzione.",
            "Rilievi effettuati, elevata sanzione per mancata precedenza.",
            "Feriti trasportati in ospedale dal 118, rilievi completati."),
    "VIA": ("Veicolo rimosso con carro attrezzi, verbale elevato.", "Sanzione ai sensi dell'art. 158 CdS.",
            "All'arrivo il veicolo era già stato spostato.", "Circolazione regolata fino al ripristino.",
            "Segnalato il guasto all'ufficio tecnico comunale."),
    "DIS": ("Richiamati i responsabili, rumore cessato.", "Sanzione per disturbo della quiete pubblica.",
            "Nulla da rilevare all'arrivo della pattuglia."),
    "LIT": ("Persone identificate e allontanate.", "Affidato ai Carabinieri per il seguito di competenza.",
            "Parti riappacificate, nessuna denuncia.", "Ferito assistito dal 118, informata l'autorità giudiziaria."),
    "FUR": ("Denuncia raccolta, informati i Carabinieri.", "Autori non rintracciati, descrizione diramata.",
            "Refurtiva recuperata e restituita al proprietario."),
    "DEG": ("Persone identificate e allontanate.", "Verbale per occupazione abusiva di suolo pubblico.",
            "Segnalato ai servizi sociali.", "Richiesta pulizia all'azienda dei rifiuti."),
    "AMB": ("Richiesta rimozione all'azienda dei rifiuti, accertamenti in corso.",
            "Sanzione per abbandono di rifiuti.", "Informata ARPA Lombardia."),
    "ANI": ("Animale recuperato e affidato al canile.", "Proprietario rintracciato e sanzionato.",
            "Informato il servizio veterinario ATS."),
    "PER": ("Persona rintracciata e riaffidata ai familiari.", "Persona assistita dal 118.",
            "Ricerche concluse con esito positivo."),
    "SAN": ("TSO eseguito, persona accompagnata al reparto SPDC.", "Accertamento concluso con il medico del CPS."),
    "MAN": ("Servizio concluso senza criticità.", "Manifestazione conclusa, viabilità ripristinata."),
    "PC": ("Area messa in sicurezza dai Vigili del Fuoco.", "Strada riaperta dopo l'intervento della squadra comunale.",
           "Segnalato alla Protezione Civile comunale, transennata l'area."),
    "CTR": ("Controllo concluso, nessuna irregolarità.", "Veicolo fermato, conducente sanzionato.",
            "Controllo concluso, due verbali elevati."),
}

CANCEL_OUTCOMES = ("Segnalazione annullata: già gestita dai Carabinieri.", "Falso allarme.",
                   "Il segnalante ha richiamato: non serve più l'intervento.")

NOTES = (
    "Richiamato il segnalante: conferma quanto riferito.",
    "Contattata la centrale 118, ambulanza in arrivo.",
    "Informati i Carabinieri della stazione di zona.",
    "Il segnalante chiede di essere richiamato all'arrivo della pattuglia.",
    "Chiesto intervento del carro attrezzi convenzionato.",
    "Allertati i Vigili del Fuoco tramite NUE.",
    "La pattuglia riferisce traffico intenso, arrivo previsto tra 10 minuti.",
    "Secondo segnalante conferma l'accaduto.",
    "Verificate le immagini della videosorveglianza: nulla di rilevante.",
    "Avvisato l'ufficio tecnico comunale per il ripristino.",
    "Presenti sul posto anche i Carabinieri.",
    "Il segnalante non risponde al telefono.",
)

STRIKE_REASONS = ("Annotazione inserita sull'intervento sbagliato.", "Informazione non corretta, vedi nota successiva.")

# Every demo operator signs in with this PIN (README, "Operators and roles").
DEMO_PIN = "1234"

OPERATORS = (
    ("Marco Locatelli", "administrator"), ("Giulia Rota", "supervisor"), ("Paolo Carminati", "coordinator"),
    ("Sara Pesenti", "operator"), ("Luca Bonomi", "operator"), ("Elena Mazzoleni", "operator"),
    ("Davide Gritti", "operator"), ("Chiara Belotti", "coordinator"),
)

# (kind, call sign pattern, how many)
UNIT_PLAN = (
    ("patrol", "Alfa {0}", 8), ("car", "Bravo {0}", 5), ("motorbike", "Moto {0}", 5),
    ("officer", "Delta {0}", 4), ("van", "Furgone {0}", 2), ("bicycle", "Bici {0}", 1),
)
