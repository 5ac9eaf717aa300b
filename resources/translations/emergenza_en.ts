<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>About</name>
        <message>
            <source>Sala operativa della Polizia Locale: interventi, unità e diario, anche senza rete.</source>
            <translation>Operations room of the Polizia Locale: events, units and journal, even with no network.</translation>
        </message>
        <message>
            <source>Licenza EUPL-1.2. Elenco dei comuni: ISTAT (CC BY 4.0).</source>
            <translation>Licence EUPL-1.2. List of municipalities: ISTAT (CC BY 4.0).</translation>
        </message>
        <message>
            <source>Versione {0}</source>
            <translation>Version {0}</translation>
        </message>
        <message>
            <source>Informazioni su Emergenza</source>
            <translation>About Emergenza</translation>
        </message>
    </context>
    <context>
        <name>AgenciesModel</name>
        <message>
            <source>Ente</source>
            <translation>Agency</translation>
        </message>
        <message>
            <source>Azione</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Ora</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Operatore</source>
            <translation>Operator</translation>
        </message>
        <message>
            <source>richiesto</source>
            <translation>requested</translation>
        </message>
        <message>
            <source>informato</source>
            <translation>informed</translation>
        </message>
    </context>
    <context>
        <name>AnnualDialog</name>
        <message>
            <source>Relazione annuale</source>
            <translation>Annual report</translation>
        </message>
        <message>
            <source>La relazione per la Prefettura, secondo le azioni dell'accordo sulla sicurezza integrata: scambio di informazioni, interconnessione, gestione delle emergenze, aree a rischio, sistemi tecnologici, analisi del territorio, esercitazioni.</source>
            <translation>The report for the Prefecture, following the actions of the integrated-security agreement: information exchange, interconnection, emergency management, at-risk areas, technological systems, territorial analysis, exercises.</translation>
        </message>
        <message>
            <source>&amp;Anno:</source>
            <translation>&amp;Year:</translation>
        </message>
    </context>
    <context>
        <name>AreaDrawDialog</name>
        <message>
            <source>Nuova area a rischio</source>
            <translation>New at-risk area</translation>
        </message>
        <message>
            <source>Caricamento della mappa…</source>
            <translation>Loading the map…</translation>
        </message>
        <message>
            <source>&amp;Nome:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>&amp;Categoria:</source>
            <translation>&amp;Category:</translation>
        </message>
        <message>
            <source>C&amp;ondivisa con gli altri comandi</source>
            <translation>&amp;Shared with the other corps</translation>
        </message>
        <message>
            <source>&amp;Sorveglia: avvisa con</source>
            <translation>&amp;Watch: warn at</translation>
        </message>
        <message>
            <source>Numero di interventi</source>
            <translation>Number of events</translation>
        </message>
        <message>
            <source>Ore</source>
            <translation>Hours</translation>
        </message>
        <message>
            <source>tipologie, es. DIS, INC.FERITI (vuoto: tutte)</source>
            <translation>types, e.g. DIS, INC.FERITI (empty: all)</translation>
        </message>
        <message>
            <source>Tipologie sorvegliate</source>
            <translation>Watched types</translation>
        </message>
        <message>
            <source>interventi in</source>
            <translation>events in</translation>
        </message>
        <message>
            <source>ore di tipo</source>
            <translation>hours of type</translation>
        </message>
        <message>
            <source>Sa&amp;lva area</source>
            <translation>Save &amp;area</translation>
        </message>
        <message>
            <source>Annulla (Esc)</source>
            <translation>Cancel (Esc)</translation>
        </message>
        <message>
            <source>Perimetro chiuso ({0} vertici). Indicare nome e categoria, poi «Salva area».</source>
            <translation>Perimeter closed ({0} vertices). Enter name and category, then “Save area”.</translation>
        </message>
        <message>
            <source>Fare clic sulla mappa sui vertici dell'area ({0} finora); Invio chiude il perimetro, Backspace toglie l'ultimo vertice, Esc annulla.</source>
            <translation>Click the area's vertices on the map ({0} so far); Enter closes the perimeter, Backspace removes the last vertex, Esc cancels.</translation>
        </message>
    </context>
    <context>
        <name>AreasModel</name>
        <message>
            <source>Nome</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Categoria</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>Interventi</source>
            <translation>Events</translation>
        </message>
        <message>
            <source>Sorveglianza</source>
            <translation>Watch</translation>
        </message>
        <message>
            <source>Condivisione</source>
            <translation>Sharing</translation>
        </message>
        <message>
            <source>{0} in {1} h</source>
            <translation>{0} in {1} h</translation>
        </message>
    </context>
    <context>
        <name>AssignDialog</name>
        <message>
            <source>Assegna unità</source>
            <translation>Assign unit</translation>
        </message>
        <message>
            <source>Filtra per nominativo, tipo o stato…</source>
            <translation>Filter by call sign, kind or status…</translation>
        </message>
        <message>
            <source>Solo &amp;richiesta (unità non ancora inviata)</source>
            <translation>&amp;Request only (unit not sent yet)</translation>
        </message>
        <message>
            <source>Assegna</source>
            <translation>Assign</translation>
        </message>
        <message>
            <source>Chiudi</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Intervento {0}: {1}, {2}</source>
            <translation>Event {0}: {1}, {2}</translation>
        </message>
        <message>
            <source>Selezionare un'unità.</source>
            <translation>Select a unit.</translation>
        </message>
        <message>
            <source>Dirotta unità</source>
            <translation>Divert unit</translation>
        </message>
        <message>
            <source>L'unità {0} è impegnata sull'intervento {1}. Dirottarla su questo intervento?</source>
            <translation>Unit {0} is busy on event {1}. Divert it to this event?</translation>
        </message>
    </context>
    <context>
        <name>AssignUnitsModel</name>
        <message>
            <source>Unità</source>
            <translation>Unit</translation>
        </message>
        <message>
            <source>Tipo</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Intervento</source>
            <translation>Event</translation>
        </message>
        <message>
            <source>Dalle</source>
            <translation>Since</translation>
        </message>
    </context>
    <context>
        <name>AssignmentsModel</name>
        <message>
            <source>Unità</source>
            <translation>Unit</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Richiesta</source>
            <translation>Requested</translation>
        </message>
        <message>
            <source>Inviata</source>
            <translation>Sent</translation>
        </message>
        <message>
            <source>In viaggio</source>
            <translation>En route</translation>
        </message>
        <message>
            <source>Sul posto</source>
            <translation>On scene</translation>
        </message>
        <message>
            <source>Libera</source>
            <translation>Cleared</translation>
        </message>
    </context>
    <context>
        <name>BackupScheduler</name>
        <message>
            <source>Copia di sicurezza salvata: {0}</source>
            <translation>Backup saved: {0}</translation>
        </message>
        <message>
            <source>Copia di sicurezza non riuscita: {0}</source>
            <translation>Backup failed: {0}</translation>
        </message>
        <message>
            <source>Copia di &amp;sicurezza ora</source>
            <translation>&amp;Back up now</translation>
        </message>
    </context>
    <context>
        <name>BarChartWidget</name>
        <message>
            <source>Nessun intervento nel periodo</source>
            <translation>No events in the period</translation>
        </message>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
    </context>
    <context>
        <name>BrogliaccioDialog</name>
        <message>
            <source>Brogliaccio</source>
            <translation>Log book</translation>
        </message>
        <message>
            <source>Ogni intervento e ogni riga di diario, in ordine di tempo: di un turno, di un giorno, o di un'unità nel corso di un giorno.</source>
            <translation>Every event and journal line in time order: of a shift, of a day, or of one unit over a day.</translation>
        </message>
        <message>
            <source>un turno</source>
            <translation>a shift</translation>
        </message>
        <message>
            <source>un giorno</source>
            <translation>a day</translation>
        </message>
        <message>
            <source>un'unità in un giorno</source>
            <translation>a unit over a day</translation>
        </message>
        <message>
            <source>Brogliaccio &amp;di:</source>
            <translation>Log book &amp;of:</translation>
        </message>
        <message>
            <source>&amp;Turno:</source>
            <translation>&amp;Shift:</translation>
        </message>
        <message>
            <source>Gior&amp;no:</source>
            <translation>&amp;Day:</translation>
        </message>
        <message>
            <source>&amp;Unità:</source>
            <translation>&amp;Unit:</translation>
        </message>
    </context>
    <context>
        <name>CamerasModel</name>
        <message>
            <source>Nome</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Tipo</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Proprietario</source>
            <translation>Owner</translation>
        </message>
        <message>
            <source>Direzione</source>
            <translation>Direction</translation>
        </message>
        <message>
            <source>Richiesta filmati</source>
            <translation>Footage request</translation>
        </message>
    </context>
    <context>
        <name>CatalogsWindow</name>
        <message>
            <source>Cataloghi della centrale</source>
            <translation>Operations room catalogues</translation>
        </message>
        <message>
            <source>Scala delle priorità</source>
            <translation>Priority scale</translation>
        </message>
        <message>
            <source>Tipologie</source>
            <translation>Event types</translation>
        </message>
        <message>
            <source>C&amp;hiudi</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>Dal più urgente al meno urgente. Colori come #rrggbb; un livello che allarma lo fa quando resta senza unità oltre la soglia.</source>
            <translation>From the most to the least urgent. Colours as #rrggbb; a level that alerts does so when it stays without a unit beyond the threshold.</translation>
        </message>
        <message>
            <source>&amp;Aggiungi livello</source>
            <translation>&amp;Add level</translation>
        </message>
        <message>
            <source>&amp;Rimuovi livello</source>
            <translation>Re&amp;move level</translation>
        </message>
        <message>
            <source>Più &amp;urgente</source>
            <translation>More &amp;urgent</translation>
        </message>
        <message>
            <source>&amp;Meno urgente</source>
            <translation>&amp;Less urgent</translation>
        </message>
        <message>
            <source>&amp;Salva la scala</source>
            <translation>Sa&amp;ve the scale</translation>
        </message>
        <message>
            <source>Tipologia selezionata</source>
            <translation>Selected type</translation>
        </message>
        <message>
            <source>&amp;Nome:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>Nome (in&amp;glese):</source>
            <translation>Name (En&amp;glish):</translation>
        </message>
        <message>
            <source>&amp;Priorità:</source>
            <translation>&amp;Priority:</translation>
        </message>
        <message>
            <source>Pr&amp;otocollo:</source>
            <translation>Pr&amp;otocol:</translation>
        </message>
        <message>
            <source>Protocollo (ingl&amp;ese):</source>
            <translation>Protocol (Englis&amp;h):</translation>
        </message>
        <message>
            <source>Sal&amp;va tipologia</source>
            <translation>&amp;Save type</translation>
        </message>
        <message>
            <source>&amp;Dismetti</source>
            <translation>&amp;Retire</translation>
        </message>
        <message>
            <source>Nuova tipologia</source>
            <translation>New type</translation>
        </message>
        <message>
            <source>es. VIA.DRONE</source>
            <translation>e.g. VIA.DRONE</translation>
        </message>
        <message>
            <source>&amp;Codice:</source>
            <translation>Cod&amp;e:</translation>
        </message>
        <message>
            <source>Descri&amp;zione:</source>
            <translation>&amp;Description:</translation>
        </message>
        <message>
            <source>Sotto&amp;tipo di:</source>
            <translation>Sub&amp;type of:</translation>
        </message>
        <message>
            <source>&amp;Livello di priorità:</source>
            <translation>Priorit&amp;y level:</translation>
        </message>
        <message>
            <source>&amp;Inserisci tipologia</source>
            <translation>&amp;Insert type</translation>
        </message>
        <message>
            <source>Solo l'amministratore può modificare i cataloghi.</source>
            <translation>Only the administrator can change the catalogues.</translation>
        </message>
        <message>
            <source>(nessuna: tipologia principale)</source>
            <translation>(none: top-level type)</translation>
        </message>
        <message>
            <source>{0} — {1}</source>
            <translation>{0} — {1}</translation>
        </message>
        <message>
            <source>Annulla &amp;dismissione</source>
            <translation>&amp;Restore</translation>
        </message>
        <message>
            <source>Scala delle priorità salvata.</source>
            <translation>Priority scale saved.</translation>
        </message>
        <message>
            <source>Tipologia salvata.</source>
            <translation>Type saved.</translation>
        </message>
        <message>
            <source>Tipologia ripristinata.</source>
            <translation>Type restored.</translation>
        </message>
        <message>
            <source>Tipologia dismessa: non è più proposta nella ricezione.</source>
            <translation>Type retired: it is no longer offered at intake.</translation>
        </message>
        <message>
            <source>Tipologia aggiunta.</source>
            <translation>Type added.</translation>
        </message>
    </context>
    <context>
        <name>ChildrenModel</name>
        <message>
            <source>Numero</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Tipologia</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Indirizzo</source>
            <translation>Address</translation>
        </message>
    </context>
    <context>
        <name>ClosePrompt</name>
        <message>
            <source>Nessuna unità è più impegnata sull'intervento {0}. Chiuderlo?</source>
            <translation>No unit is busy on event {0} any more. Close it?</translation>
        </message>
        <message>
            <source>Chiudere l'intervento?</source>
            <translation>Close the event?</translation>
        </message>
    </context>
    <context>
        <name>Confirm</name>
        <message>
            <source>&amp;Sì</source>
            <translation>&amp;Yes</translation>
        </message>
        <message>
            <source>&amp;No</source>
            <translation>&amp;No</translation>
        </message>
    </context>
    <context>
        <name>ConflictsLabel</name>
        <message>
            <source>Conflitti: {0}</source>
            <translation>Conflicts: {0}</translation>
        </message>
        <message>
            <source>Valori scartati dalla sincronizzazione, da rivedere (Sincronizzazione → Conflitti…)</source>
            <translation>Values discarded by sync, to review (Sync → Conflicts…)</translation>
        </message>
    </context>
    <context>
        <name>ConflictsModel</name>
        <message>
            <source>Dato</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Campo</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Il mio valore</source>
            <translation>My value</translation>
        </message>
        <message>
            <source>Il loro valore</source>
            <translation>Their value</translation>
        </message>
        <message>
            <source>Motivo</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source> (in uso)</source>
            <translation> (in use)</translation>
        </message>
        <message>
            <source>Intervento {0}</source>
            <translation>Event {0}</translation>
        </message>
        <message>
            <source>Annotazione di {0}</source>
            <translation>Journal entry of {0}</translation>
        </message>
        <message>
            <source>Unità {0} su {1}</source>
            <translation>Unit {0} on {1}</translation>
        </message>
        <message>
            <source>Area a rischio {0}</source>
            <translation>At-risk area {0}</translation>
        </message>
        <message>
            <source>Telecamera o varco {0}</source>
            <translation>Camera or gate {0}</translation>
        </message>
        <message>
            <source>Risorsa {0}</source>
            <translation>Resource {0}</translation>
        </message>
        <message>
            <source>stato</source>
            <translation>status</translation>
        </message>
        <message>
            <source>barratura</source>
            <translation>strike-through</translation>
        </message>
        <message>
            <source>modifica contemporanea più recente</source>
            <translation>later concurrent edit</translation>
        </message>
        <message>
            <source>lo stato non torna indietro</source>
            <translation>the status does not move back</translation>
        </message>
        <message>
            <source>già barrata da altri</source>
            <translation>already struck by someone else</translation>
        </message>
        <message>
            <source>annotazione non modificabile</source>
            <translation>journal entry cannot be changed</translation>
        </message>
        <message>
            <source>unità già impegnata su un altro intervento</source>
            <translation>unit already busy on another event</translation>
        </message>
    </context>
    <context>
        <name>ConflictsWindow</name>
        <message>
            <source>Conflitti di sincronizzazione</source>
            <translation>Sync conflicts</translation>
        </message>
        <message>
            <source>Valori modificati contemporaneamente in più sale: la sincronizzazione ne ha tenuto uno. Scegliere quale tenere; la scelta viene inviata a tutti.</source>
            <translation>Values changed at the same time in several rooms: sync kept one. Choose which to keep; the choice is sent to everyone.</translation>
        </message>
        <message>
            <source>Tieni il &amp;mio</source>
            <translation>Keep &amp;mine</translation>
        </message>
        <message>
            <source>Tieni il &amp;loro</source>
            <translation>Keep &amp;theirs</translation>
        </message>
        <message>
            <source>&amp;Chiudi</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>Nessun conflitto aperto.</source>
            <translation>No open conflicts.</translation>
        </message>
        <message>
            <source>{0} conflitto da rivedere.</source>
            <translation>{0} conflict to review.</translation>
        </message>
        <message>
            <source>{0} conflitti da rivedere.</source>
            <translation>{0} conflicts to review.</translation>
        </message>
    </context>
    <context>
        <name>ConnectionLabel</name>
        <message>
            <source>Non registrata</source>
            <translation>Not enrolled</translation>
        </message>
        <message>
            <source>Postazione non registrata sul server regionale (emergenza enroll)</source>
            <translation>Station not enrolled on the regional server (emergenza enroll)</translation>
        </message>
        <message>
            <source>In linea</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Collegata al server regionale</source>
            <translation>Connected to the regional server</translation>
        </message>
        <message>
            <source>Non in linea</source>
            <translation>Offline</translation>
        </message>
        <message>
            <source>Server regionale non raggiungibile</source>
            <translation>Regional server unreachable</translation>
        </message>
        <message>
            <source>Collegamento…</source>
            <translation>Connecting…</translation>
        </message>
    </context>
    <context>
        <name>CountsModel</name>
        <message>
            <source>Interventi</source>
            <translation>Events</translation>
        </message>
        <message>
            <source>Quota</source>
            <translation>Share</translation>
        </message>
        <message>
            <source>Totale</source>
            <translation>Total</translation>
        </message>
    </context>
    <context>
        <name>CrewDialog</name>
        <message>
            <source>Equipaggio di {0}</source>
            <translation>Crew of {0}</translation>
        </message>
        <message>
            <source>Gli agenti che formano la pattuglia in questo turno, uno per riga: nome e, se serve, la matricola dopo un punto e virgola (Mario Rossi; 1234).</source>
            <translation>The officers making up the patrol in this shift, one per line: the name and, if needed, the badge number after a semicolon (Mario Rossi; 1234).</translation>
        </message>
        <message>
            <source>es. Mario Rossi; 1234
Laura Verdi</source>
            <translation>e.g. Mario Rossi; 1234
Laura Verdi</translation>
        </message>
        <message>
            <source>&amp;Agenti:</source>
            <translation>&amp;Officers:</translation>
        </message>
        <message>
            <source>&amp;Salva</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Annulla</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>DesktopApp</name>
        <message>
            <source>L'archivio risulta danneggiato: {0}. Avvisare l'assistenza e usare l'ultima copia di sicurezza (emergenza restore).</source>
            <translation>The store appears damaged: {0}. Call support and use the latest backup (emergenza restore).</translation>
        </message>
    </context>
    <context>
        <name>DispatchPanel</name>
        <message>
            <source>numero dell'evento principale, es. BG01-2026-000123</source>
            <translation>number of the parent event, e.g. BG01-2026-000123</translation>
        </message>
        <message>
            <source>Evento &amp;principale:</source>
            <translation>&amp;Parent event:</translation>
        </message>
        <message>
            <source>Co&amp;llega</source>
            <translation>&amp;Link</translation>
        </message>
        <message>
            <source>Scolle&amp;ga</source>
            <translation>U&amp;nlink</translation>
        </message>
        <message>
            <source>Interventi collegati a questo evento:</source>
            <translation>Events linked to this event:</translation>
        </message>
        <message>
            <source>&amp;Ente:</source>
            <translation>&amp;Agency:</translation>
        </message>
        <message>
            <source>informato</source>
            <translation>informed</translation>
        </message>
        <message>
            <source>intervento richiesto</source>
            <translation>response requested</translation>
        </message>
        <message>
            <source>&amp;Registra ente</source>
            <translation>Re&amp;cord agency</translation>
        </message>
        <message>
            <source>Collegato all'evento principale {0}.</source>
            <translation>Linked to the parent event {0}.</translation>
        </message>
        <message>
            <source>Collegato a un evento principale riservato (altro comando).</source>
            <translation>Linked to a reserved parent event (another corps).</translation>
        </message>
        <message>
            <source>Non collegato a un evento principale.</source>
            <translation>Not linked to a parent event.</translation>
        </message>
        <message>
            <source>Indicare il numero dell'evento principale.</source>
            <translation>Enter the parent event's number.</translation>
        </message>
        <message>
            <source>Intervento collegato all'evento principale {0}.</source>
            <translation>Event linked to the parent event {0}.</translation>
        </message>
        <message>
            <source>Intervento scollegato.</source>
            <translation>Event unlinked.</translation>
        </message>
        <message>
            <source>Ente registrato.</source>
            <translation>Agency recorded.</translation>
        </message>
    </context>
    <context>
        <name>EnrollDialog</name>
        <message>
            <source>Indirizzo non valido: deve iniziare con https:// (o http://) seguito dal nome del server.</source>
            <translation>Invalid address: it must start with https:// (or http://) followed by the server's name.</translation>
        </message>
        <message>
            <source>Registra postazione</source>
            <translation>Enroll station</translation>
        </message>
        <message>
            <source>Registra questa postazione sul server regionale con il codice monouso ricevuto dall'amministratore del server (emergenza-server add-station).</source>
            <translation>Enroll this station on the regional server with the one-time code received from the server's administrator (emergenza-server add-station).</translation>
        </message>
        <message>
            <source>es. https://emergenza.regione.example</source>
            <translation>e.g. https://emergenza.regione.example</translation>
        </message>
        <message>
            <source>codice monouso</source>
            <translation>one-time code</translation>
        </message>
        <message>
            <source>es. BG01 (vuoto: lo sceglie il server)</source>
            <translation>e.g. BG01 (empty: the server chooses it)</translation>
        </message>
        <message>
            <source>In&amp;dirizzo del server:</source>
            <translation>Server &amp;address:</translation>
        </message>
        <message>
            <source>Codice di &amp;registrazione:</source>
            <translation>&amp;Enrollment code:</translation>
        </message>
        <message>
            <source>Codice &amp;postazione:</source>
            <translation>&amp;Station code:</translation>
        </message>
        <message>
            <source>Re&amp;gistra</source>
            <translation>E&amp;nroll</translation>
        </message>
        <message>
            <source>&amp;Chiudi</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>Questa postazione è già registrata: una nuova registrazione sostituisce la precedente.</source>
            <translation>This station is already enrolled: a new enrollment replaces the previous one.</translation>
        </message>
        <message>
            <source>Indicare l'indirizzo del server.</source>
            <translation>Enter the server's address.</translation>
        </message>
        <message>
            <source>Indicare il codice di registrazione.</source>
            <translation>Enter the enrollment code.</translation>
        </message>
        <message>
            <source>Il codice va da 2 a 8 lettere o cifre e inizia con una lettera (es. BG01).</source>
            <translation>The code has 2 to 8 letters or digits and starts with a letter (e.g. BG01).</translation>
        </message>
        <message>
            <source>Registrazione presso il server in corso…</source>
            <translation>Enrolling with the server…</translation>
        </message>
        <message>
            <source>Postazione registrata sul server regionale ({0}).</source>
            <translation>Station enrolled on the regional server ({0}).</translation>
        </message>
        <message>
            <source>Registrazione non riuscita: {0}</source>
            <translation>Enrollment failed: {0}</translation>
        </message>
    </context>
    <context>
        <name>EventDetail</name>
        <message>
            <source>Nessun intervento selezionato.</source>
            <translation>No event selected.</translation>
        </message>
        <message>
            <source>Esporta CAP…</source>
            <translation>Export CAP…</translation>
        </message>
        <message>
            <source>Esporta EMSI…</source>
            <translation>Export EMSI…</translation>
        </message>
        <message>
            <source>Nuovo stato:</source>
            <translation>New status:</translation>
        </message>
        <message>
            <source>nota, esito della chiusura o motivo dell'annullamento</source>
            <translation>note, outcome of the closure or reason for cancelling</translation>
        </message>
        <message>
            <source>Cambia stato</source>
            <translation>Change status</translation>
        </message>
        <message>
            <source>Annulla modifiche</source>
            <translation>Discard changes</translation>
        </message>
        <message>
            <source>Salva modifiche</source>
            <translation>Save changes</translation>
        </message>
        <message>
            <source>Dati</source>
            <translation>Data</translation>
        </message>
        <message>
            <source>Assegna unità… (F3)</source>
            <translation>Assign unit… (F3)</translation>
        </message>
        <message>
            <source>Avanza unità</source>
            <translation>Advance unit</translation>
        </message>
        <message>
            <source>inviata → in viaggio → sul posto → libera</source>
            <translation>sent → en route → on scene → cleared</translation>
        </message>
        <message>
            <source>Unità</source>
            <translation>Units</translation>
        </message>
        <message>
            <source>Storico</source>
            <translation>History</translation>
        </message>
        <message>
            <source>Territorio</source>
            <translation>Territory</translation>
        </message>
        <message>
            <source>Collegamenti ed enti</source>
            <translation>Links and agencies</translation>
        </message>
        <message>
            <source>Diario</source>
            <translation>Journal</translation>
        </message>
        <message>
            <source>Barra annotazione…</source>
            <translation>Strike entry…</translation>
        </message>
        <message>
            <source>Nuova annotazione (F4); Ctrl+Invio per registrarla</source>
            <translation>New note (F4); Ctrl+Enter to save it</translation>
        </message>
        <message>
            <source>Aggiungi annotazione</source>
            <translation>Add note</translation>
        </message>
        <message>
            <source>Stato: {0} · Priorità: {1}{2}</source>
            <translation>Status: {0} · Priority: {1}{2}</translation>
        </message>
        <message>
            <source> · ESERCITAZIONE</source>
            <translation> · EXERCISE</translation>
        </message>
        <message>
            <source>Ricevuto il {0} da {1}</source>
            <translation>Received on {0} by {1}</translation>
        </message>
        <message>
            <source>prima unità inviata alle {0}</source>
            <translation>first unit sent at {0}</translation>
        </message>
        <message>
            <source>chiuso il {0}</source>
            <translation>closed on {0}</translation>
        </message>
        <message>
            <source>Modifiche salvate.</source>
            <translation>Changes saved.</translation>
        </message>
        <message>
            <source>Correggere i campi segnalati.</source>
            <translation>Correct the fields marked.</translation>
        </message>
        <message>
            <source>Indicare l'esito della chiusura.</source>
            <translation>Enter the outcome of the closure.</translation>
        </message>
        <message>
            <source>Indicare il motivo dell'annullamento.</source>
            <translation>Enter the reason for cancelling.</translation>
        </message>
        <message>
            <source>Chiudere l'intervento {0}? Le unità ancora impegnate saranno liberate.</source>
            <translation>Close event {0}? Units still engaged will be released.</translation>
        </message>
        <message>
            <source>Annullare l'intervento {0}? Le unità ancora impegnate saranno liberate.</source>
            <translation>Cancel event {0}? Units still engaged will be released.</translation>
        </message>
        <message>
            <source>Conferma</source>
            <translation>Confirm</translation>
        </message>
        <message>
            <source>Stato cambiato: {0}.</source>
            <translation>Status changed: {0}.</translation>
        </message>
        <message>
            <source>Annotazione registrata.</source>
            <translation>Note saved.</translation>
        </message>
        <message>
            <source>Selezionare l'annotazione da barrare.</source>
            <translation>Select the entry to strike.</translation>
        </message>
        <message>
            <source>L'annotazione è già barrata.</source>
            <translation>The entry is already struck through.</translation>
        </message>
        <message>
            <source>Annotazione barrata.</source>
            <translation>Entry struck through.</translation>
        </message>
        <message>
            <source>Selezionare l'unità da far avanzare.</source>
            <translation>Select the unit to advance.</translation>
        </message>
        <message>
            <source>Unità: {0}.</source>
            <translation>Unit: {0}.</translation>
        </message>
    </context>
    <context>
        <name>EventFields</name>
        <message>
            <source>Digitare per cercare la tipologia…</source>
            <translation>Type to search the event type…</translation>
        </message>
        <message>
            <source>Tipolo&amp;gia</source>
            <translation>T&amp;ype</translation>
        </message>
        <message>
            <source>&amp;Priorità</source>
            <translation>&amp;Priority</translation>
        </message>
        <message>
            <source>Comune (elenco ISTAT)</source>
            <translation>Municipality (ISTAT list)</translation>
        </message>
        <message>
            <source>&amp;Comune</source>
            <translation>Mun&amp;icipality</translation>
        </message>
        <message>
            <source>In&amp;dirizzo</source>
            <translation>&amp;Address</translation>
        </message>
        <message>
            <source>latitudine (es. 45,6983)</source>
            <translation>latitude (e.g. 45.6983)</translation>
        </message>
        <message>
            <source>longitudine (es. 9,6773)</source>
            <translation>longitude (e.g. 9.6773)</translation>
        </message>
        <message>
            <source>Scegli sulla &amp;mappa…</source>
            <translation>Choose on the &amp;map…</translation>
        </message>
        <message>
            <source>Un clic sulla mappa inserisce latitudine e longitudine</source>
            <translation>A click on the map fills in latitude and longitude</translation>
        </message>
        <message>
            <source>C&amp;oordinate</source>
            <translation>C&amp;oordinates</translation>
        </message>
        <message>
            <source>C&amp;hiamante</source>
            <translation>&amp;Caller</translation>
        </message>
        <message>
            <source>Te&amp;lefono</source>
            <translation>Te&amp;lephone</translation>
        </message>
        <message>
            <source>Ca&amp;nale</source>
            <translation>Cha&amp;nnel</translation>
        </message>
        <message>
            <source>identificativo del contatto 112</source>
            <translation>112 contact id</translation>
        </message>
        <message>
            <source>Contatto NUE</source>
            <translation>NUE contact</translation>
        </message>
        <message>
            <source>Condivisione</source>
            <translation>Sharing</translation>
        </message>
        <message>
            <source>Esercita&amp;zione</source>
            <translation>E&amp;xercise</translation>
        </message>
        <message>
            <source>D&amp;escrizione</source>
            <translation>&amp;Description</translation>
        </message>
        <message>
            <source>Esito</source>
            <translation>Outcome</translation>
        </message>
    </context>
    <context>
        <name>EventTerritoryPanel</name>
        <message>
            <source>Telecamere e varchi entro (&amp;m):</source>
            <translation>Cameras and gates within (&amp;m):</translation>
        </message>
        <message>
            <source>Richiedi fi&amp;lmati</source>
            <translation>Re&amp;quest footage</translation>
        </message>
        <message>
            <source>Annota nel diario la richiesta dei filmati della telecamera scelta</source>
            <translation>Records in the journal the footage request for the chosen camera</translation>
        </message>
        <message>
            <source>Nell'area a rischio: {0}</source>
            <translation>In the at-risk area: {0}</translation>
        </message>
        <message>
            <source>Fuori dalle aree a rischio.</source>
            <translation>Outside the at-risk areas.</translation>
        </message>
        <message>
            <source>Senza coordinate: aree e telecamere vicine non si possono cercare.</source>
            <translation>No coordinates: nearby areas and cameras cannot be searched.</translation>
        </message>
        <message>
            <source>Richiesta dei filmati annotata nel diario.</source>
            <translation>Footage request recorded in the journal.</translation>
        </message>
    </context>
    <context>
        <name>EventTypesModel</name>
        <message>
            <source>Codice</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>Tipologia</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Priorità</source>
            <translation>Priority</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Interventi aperti</source>
            <translation>Open events</translation>
        </message>
        <message>
            <source>dismessa</source>
            <translation>retired</translation>
        </message>
        <message>
            <source>in uso</source>
            <translation>in use</translation>
        </message>
    </context>
    <context>
        <name>EventsBoard</name>
        <message>
            <source>Presa visione (F8)</source>
            <translation>Acknowledge (F8)</translation>
        </message>
        <message>
            <source>Tutti gli stati</source>
            <translation>All statuses</translation>
        </message>
        <message>
            <source>Comune</source>
            <translation>Municipality</translation>
        </message>
        <message>
            <source>Riservati e condivisi</source>
            <translation>Reserved and shared</translation>
        </message>
        <message>
            <source>Azzera filtri</source>
            <translation>Clear filters</translation>
        </message>
        <message>
            <source>Filtri:</source>
            <translation>Filters:</translation>
        </message>
        <message>
            <source>Tutti i codici</source>
            <translation>All codes</translation>
        </message>
        <message>
            <source>Tutte le tipologie</source>
            <translation>All types</translation>
        </message>
        <message>
            <source>Comune non trovato nell'elenco</source>
            <translation>Municipality not in the list</translation>
        </message>
        <message>
            <source>Attivi: {0}</source>
            <translation>Active: {0}</translation>
        </message>
        <message>
            <source>Interventi urgenti senza unità da troppo tempo: {0} ({1})</source>
            <translation>Urgent events without a unit for too long: {0} ({1})</translation>
        </message>
    </context>
    <context>
        <name>EventsBoardModel</name>
        <message>
            <source>Numero</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Codice</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Tipologia</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Comune</source>
            <translation>Municipality</translation>
        </message>
        <message>
            <source>Indirizzo</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Unità</source>
            <translation>Units</translation>
        </message>
        <message>
            <source>Ricevuto</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Da ricezione</source>
            <translation>Since received</translation>
        </message>
        <message>
            <source>Da invio</source>
            <translation>Since sent</translation>
        </message>
        <message>
            <source>Condivisione</source>
            <translation>Sharing</translation>
        </message>
        <message>
            <source>Tempo trascorso dall'invio della prima unità</source>
            <translation>Time since the first unit was sent</translation>
        </message>
        <message>
            <source>Esercitazione: {0}</source>
            <translation>Exercise: {0}</translation>
        </message>
        <message>
            <source>{0} · ESERC.</source>
            <translation>{0} · EXER.</translation>
        </message>
    </context>
    <context>
        <name>ExchangeFiles</name>
        <message>
            <source>Esporta allarme CAP</source>
            <translation>Export CAP alert</translation>
        </message>
        <message>
            <source>Allarme CAP 1.2 (*.xml)</source>
            <translation>CAP 1.2 alert (*.xml)</translation>
        </message>
        <message>
            <source>Esporta messaggio EMSI</source>
            <translation>Export EMSI message</translation>
        </message>
        <message>
            <source>Messaggio EMSI XML (*.xml);;Messaggio EMSI JSON (*.json)</source>
            <translation>EMSI XML message (*.xml);;EMSI JSON message (*.json)</translation>
        </message>
        <message>
            <source>Intervento {0} esportato in {1}.</source>
            <translation>Event {0} exported to {1}.</translation>
        </message>
        <message>
            <source>Importa allarmi CAP o messaggi EMSI</source>
            <translation>Import CAP alerts or EMSI messages</translation>
        </message>
        <message>
            <source>CAP o EMSI (*.xml *.json);;Tutti i file (*)</source>
            <translation>CAP or EMSI (*.xml *.json);;All files (*)</translation>
        </message>
        <message>
            <source>{0}: nuovo intervento {1}</source>
            <translation>{0}: new event {1}</translation>
        </message>
        <message>
            <source>{0}: aggiornato l'intervento {1}</source>
            <translation>{0}: event {1} updated</translation>
        </message>
        <message>
            <source>{0}: già importato ({1})</source>
            <translation>{0}: already imported ({1})</translation>
        </message>
        <message>
            <source>Emergenza</source>
            <translation>Emergenza</translation>
        </message>
    </context>
    <context>
        <name>ExportCsvDialog</name>
        <message>
            <source>Esporta CSV</source>
            <translation>Export CSV</translation>
        </message>
        <message>
            <source>Un intervento per riga, per Excel (impostazioni italiane): orari, canale, tipologia, codice, comune, stato, tempi di risposta, unità, esito. Senza nome e telefono di chi ha chiamato.</source>
            <translation>One event per row, for Excel (Italian settings): times, channel, type, code, municipality, status, response times, units, outcome. Without the caller's name and phone.</translation>
        </message>
        <message>
            <source>&amp;Tutto l'archivio</source>
            <translation>&amp;Whole store</translation>
        </message>
        <message>
            <source>&amp;Dal:</source>
            <translation>Fr&amp;om:</translation>
        </message>
        <message>
            <source>&amp;Al:</source>
            <translation>&amp;To:</translation>
        </message>
        <message>
            <source>Esportato {0} intervento in {1}</source>
            <translation>Exported {0} event to {1}</translation>
        </message>
        <message>
            <source>Esportati {0} interventi in {1}</source>
            <translation>Exported {0} events to {1}</translation>
        </message>
    </context>
    <context>
        <name>HistoryModel</name>
        <message>
            <source>Quando</source>
            <translation>When</translation>
        </message>
        <message>
            <source>Operatore</source>
            <translation>Operator</translation>
        </message>
        <message>
            <source>Azione</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>intervento creato</source>
            <translation>event created</translation>
        </message>
        <message>
            <source>dati modificati</source>
            <translation>data changed</translation>
        </message>
        <message>
            <source>cambio di stato</source>
            <translation>status change</translation>
        </message>
        <message>
            <source>prima unità inviata</source>
            <translation>first unit sent</translation>
        </message>
        <message>
            <source>intervento aggiornato</source>
            <translation>event updated</translation>
        </message>
        <message>
            <source>annotazione</source>
            <translation>note</translation>
        </message>
        <message>
            <source>annotazione di stato</source>
            <translation>status entry</translation>
        </message>
        <message>
            <source>annotazione di assegnazione</source>
            <translation>assignment entry</translation>
        </message>
        <message>
            <source>annotazione di modifica</source>
            <translation>change entry</translation>
        </message>
        <message>
            <source>annotazione di sistema</source>
            <translation>system entry</translation>
        </message>
        <message>
            <source>annotazione barrata</source>
            <translation>entry struck through</translation>
        </message>
        <message>
            <source>unità assegnata</source>
            <translation>unit assigned</translation>
        </message>
        <message>
            <source>avanzamento unità</source>
            <translation>unit advanced</translation>
        </message>
    </context>
    <context>
        <name>HitsModel</name>
        <message>
            <source>Ora</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Varco</source>
            <translation>Gate</translation>
        </message>
        <message>
            <source>Targa</source>
            <translation>Plate</translation>
        </message>
        <message>
            <source>Lista</source>
            <translation>List</translation>
        </message>
        <message>
            <source>Intervento</source>
            <translation>Event</translation>
        </message>
        <message>
            <source>aperto</source>
            <translation>opened</translation>
        </message>
    </context>
    <context>
        <name>ImportReportDialog</name>
        <message>
            <source>Importazione unità</source>
            <translation>Unit import</translation>
        </message>
        <message>
            <source>Nessuna unità importata da {1}: {0} riga da correggere.</source>
            <translation>No units imported from {1}: {0} line to correct.</translation>
        </message>
        <message>
            <source>Nessuna unità importata da {1}: {0} righe da correggere.</source>
            <translation>No units imported from {1}: {0} lines to correct.</translation>
        </message>
        <message>
            <source>{0} unità importata da {1}.</source>
            <translation>{0} unit imported from {1}.</translation>
        </message>
        <message>
            <source>{0} unità importate da {1}.</source>
            <translation>{0} units imported from {1}.</translation>
        </message>
        <message>
            <source>&amp;Chiudi</source>
            <translation>&amp;Close</translation>
        </message>
    </context>
    <context>
        <name>IntakeForm</name>
        <message>
            <source>Nuovo intervento</source>
            <translation>New event</translation>
        </message>
        <message>
            <source>Interventi precedenti (stesso indirizzo o telefono)</source>
            <translation>Earlier events (same address or phone)</translation>
        </message>
        <message>
            <source>Pulisci (Esc)</source>
            <translation>Clear (Esc)</translation>
        </message>
        <message>
            <source>Registra (Ctrl+Invio)</source>
            <translation>Save (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Bozza ripristinata.</source>
            <translation>Draft restored.</translation>
        </message>
        <message>
            <source>Bozza salvata.</source>
            <translation>Draft saved.</translation>
        </message>
        <message>
            <source>stesso telefono</source>
            <translation>same phone</translation>
        </message>
        <message>
            <source>stesso indirizzo</source>
            <translation>same address</translation>
        </message>
        <message>
            <source>Intervento {0} registrato.</source>
            <translation>Event {0} saved.</translation>
        </message>
        <message>
            <source>Correggere i campi segnalati.</source>
            <translation>Correct the fields marked.</translation>
        </message>
        <message>
            <source>Pulisci modulo</source>
            <translation>Clear form</translation>
        </message>
        <message>
            <source>Cancellare i dati inseriti e la bozza?</source>
            <translation>Discard what was typed and the draft?</translation>
        </message>
    </context>
    <context>
        <name>JournalModel</name>
        <message>
            <source>Barrata da {0} il {1}: {2}</source>
            <translation>Struck through by {0} on {1}: {2}</translation>
        </message>
        <message>
            <source>Motivo: {0}</source>
            <translation>Reason: {0}</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>&amp;Impostazioni…</source>
            <translation>&amp;Settings…</translation>
        </message>
        <message>
            <source>O&amp;peratori…</source>
            <translation>O&amp;perators…</translation>
        </message>
        <message>
            <source>&amp;Blocca postazione</source>
            <translation>&amp;Lock station</translation>
        </message>
        <message>
            <source>Cata&amp;loghi…</source>
            <translation>&amp;Catalogues…</translation>
        </message>
        <message>
            <source>Importa CAP/E&amp;MSI…</source>
            <translation>Import CAP/E&amp;MSI…</translation>
        </message>
        <message>
            <source>Cambia &amp;operatore…</source>
            <translation>Change &amp;operator…</translation>
        </message>
        <message>
            <source>&amp;Esci</source>
            <translation>E&amp;xit</translation>
        </message>
        <message>
            <source>&amp;Nuovo intervento</source>
            <translation>&amp;New event</translation>
        </message>
        <message>
            <source>&amp;Apri intervento selezionato</source>
            <translation>&amp;Open selected event</translation>
        </message>
        <message>
            <source>A&amp;ssegna unità…</source>
            <translation>Ass&amp;ign unit…</translation>
        </message>
        <message>
            <source>Aggiungi anno&amp;tazione</source>
            <translation>Add a no&amp;te</translation>
        </message>
        <message>
            <source>&amp;Cerca…</source>
            <translation>&amp;Search…</translation>
        </message>
        <message>
            <source>&amp;Presa visione allarmi</source>
            <translation>Ac&amp;knowledge alerts</translation>
        </message>
        <message>
            <source>Azzera &amp;filtri</source>
            <translation>Clear &amp;filters</translation>
        </message>
        <message>
            <source>A&amp;ggiorna</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <source>&amp;Avanza unità selezionata</source>
            <translation>&amp;Advance selected unit</translation>
        </message>
        <message>
            <source>&amp;Fuori servizio / in servizio</source>
            <translation>Out of service / in &amp;service</translation>
        </message>
        <message>
            <source>Ana&amp;grafica unità…</source>
            <translation>Unit &amp;registry…</translation>
        </message>
        <message>
            <source>Vai al &amp;pannello unità</source>
            <translation>Go to the units &amp;panel</translation>
        </message>
        <message>
            <source>&amp;Registra postazione…</source>
            <translation>Enro&amp;ll station…</translation>
        </message>
        <message>
            <source>Schermo &amp;intero</source>
            <translation>&amp;Full screen</translation>
        </message>
        <message>
            <source>&amp;Scorciatoie da tastiera</source>
            <translation>Keyboard &amp;shortcuts</translation>
        </message>
        <message>
            <source>&amp;Informazioni su Emergenza</source>
            <translation>&amp;About Emergenza</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>&amp;Interventi</source>
            <translation>&amp;Events</translation>
        </message>
        <message>
            <source>&amp;Unità</source>
            <translation>&amp;Units</translation>
        </message>
        <message>
            <source>&amp;Sincronizzazione</source>
            <translation>S&amp;ync</translation>
        </message>
        <message>
            <source>&amp;Visualizza</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <source>&amp;Aiuto</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>Sincronizzazione non configurata</source>
            <translation>Synchronisation not configured</translation>
        </message>
        <message>
            <source>Azioni</source>
            <translation>Actions</translation>
        </message>
        <message>
            <source>Pannello &amp;unità</source>
            <translation>&amp;Units panel</translation>
        </message>
        <message>
            <source>Emergenza – Sala operativa</source>
            <translation>Emergenza – Operations room</translation>
        </message>
        <message>
            <source>Quadro interventi</source>
            <translation>Events board</translation>
        </message>
        <message>
            <source>Quadro unità</source>
            <translation>Units board</translation>
        </message>
        <message>
            <source>Dettaglio intervento</source>
            <translation>Event detail</translation>
        </message>
        <message>
            <source>Nuovo intervento</source>
            <translation>New event</translation>
        </message>
        <message>
            <source>Ricerca</source>
            <translation>Search</translation>
        </message>
        <message>
            <source>Unità</source>
            <translation>Units</translation>
        </message>
        <message>
            <source>Emergenza – {0}</source>
            <translation>Emergenza – {0}</translation>
        </message>
        <message>
            <source>Selezionare un intervento.</source>
            <translation>Select an event.</translation>
        </message>
        <message>
            <source>Selezionare un intervento da assegnare.</source>
            <translation>Select an event to assign.</translation>
        </message>
        <message>
            <source>Selezionare un intervento a cui aggiungere l'annotazione.</source>
            <translation>Select the event to add the note to.</translation>
        </message>
        <message>
            <source>Presa visione di {0} allarme.</source>
            <translation>{0} alert acknowledged.</translation>
        </message>
        <message>
            <source>Presa visione di {0} allarmi.</source>
            <translation>{0} alerts acknowledged.</translation>
        </message>
        <message>
            <source>Emergenza</source>
            <translation>Emergenza</translation>
        </message>
        <message>
            <source>Unità {0} assegnata.</source>
            <translation>Unit {0} assigned.</translation>
        </message>
    </context>
    <context>
        <name>MapFeed</name>
        <message>
            <source>posizione indicata a mano il {0}</source>
            <translation>position set by hand on {0}</translation>
        </message>
    </context>
    <context>
        <name>MapPanel</name>
        <message>
            <source>Azzera filtri</source>
            <translation>Clear filters</translation>
        </message>
        <message>
            <source>Provincia (Home)</source>
            <translation>Province (Home)</translation>
        </message>
        <message>
            <source>Torna all'area del comando</source>
            <translation>Back to the corps' area</translation>
        </message>
        <message>
            <source>Caricamento della mappa…</source>
            <translation>Loading the map…</translation>
        </message>
        <message>
            <source>Fare clic su un intervento per selezionarlo; trascinare un'unità su un intervento per assegnarla; tasto destro per posizionare un'unità.</source>
            <translation>Click an event to select it; drag a unit onto an event to assign it; right button to place a unit.</translation>
        </message>
        <message>
            <source>Apri (Invio)</source>
            <translation>Open (Enter)</translation>
        </message>
        <message>
            <source>Filtri del quadro: {0}</source>
            <translation>Board filters: {0}</translation>
        </message>
        <message>
            <source>Tutti gli interventi attivi (nessun filtro nel quadro)</source>
            <translation>All active events (no filter on the board)</translation>
        </message>
        <message>
            <source>{0} intervento sulla mappa, {1} con posizione approssimata (nel comune)</source>
            <translation>{0} event on the map, {1} with an approximate position (in the municipality)</translation>
        </message>
        <message>
            <source>{0} interventi sulla mappa, {1} con posizione approssimata (nel comune)</source>
            <translation>{0} events on the map, {1} with an approximate position (in the municipality)</translation>
        </message>
        <message>
            <source>{0} unità con posizione nota</source>
            <translation>{0} units with a known position</translation>
        </message>
        <message>
            <source>Intervento non più presente.</source>
            <translation>Event no longer present.</translation>
        </message>
        <message>
            <source>ricevuto alle {0}</source>
            <translation>received at {0}</translation>
        </message>
        <message>
            <source>unità: {0}</source>
            <translation>units: {0}</translation>
        </message>
        <message>
            <source>ESERCITAZIONE</source>
            <translation>EXERCISE</translation>
        </message>
        <message>
            <source>posizione approssimata</source>
            <translation>approximate position</translation>
        </message>
        <message>
            <source>Apri intervento</source>
            <translation>Open event</translation>
        </message>
        <message>
            <source>Apri intervento {0}</source>
            <translation>Open event {0}</translation>
        </message>
        <message>
            <source>Dimentica la posizione indicata</source>
            <translation>Forget the position set by hand</translation>
        </message>
        <message>
            <source>Posiziona qui l'unità</source>
            <translation>Place the unit here</translation>
        </message>
    </context>
    <context>
        <name>MapPickDialog</name>
        <message>
            <source>Caricamento della mappa…</source>
            <translation>Loading the map…</translation>
        </message>
        <message>
            <source>Nessun punto scelto.</source>
            <translation>No point chosen.</translation>
        </message>
        <message>
            <source>Usa questo punto</source>
            <translation>Use this point</translation>
        </message>
        <message>
            <source>Annulla (Esc)</source>
            <translation>Cancel (Esc)</translation>
        </message>
        <message>
            <source>fuori dalla Lombardia</source>
            <translation>outside Lombardy</translation>
        </message>
        <message>
            <source>Latitudine {0} · longitudine {1} · {2}</source>
            <translation>Latitude {0} · longitude {1} · {2}</translation>
        </message>
    </context>
    <context>
        <name>MapView</name>
        <message>
            <source>Esercitazione</source>
            <translation>Exercise</translation>
        </message>
        <message>
            <source>Posizione approssimata</source>
            <translation>Approximate position</translation>
        </message>
        <message>
            <source>Mappa del territorio</source>
            <translation>Map of the territory</translation>
        </message>
        <message>
            <source>Confini: ISTAT (CC BY 4.0)</source>
            <translation>Boundaries: ISTAT (CC BY 4.0)</translation>
        </message>
    </context>
    <context>
        <name>MapWiring</name>
        <message>
            <source>Mappa</source>
            <translation>Map</translation>
        </message>
        <message>
            <source>Pannello &amp;mappa</source>
            <translation>&amp;Map panel</translation>
        </message>
        <message>
            <source>Coordinate dell'intervento</source>
            <translation>Event coordinates</translation>
        </message>
        <message>
            <source>Fare clic sul luogo dell'intervento: latitudine e longitudine vengono inserite nel modulo. Esc annulla.</source>
            <translation>Click the place of the event: latitude and longitude are filled into the form. Esc cancels.</translation>
        </message>
        <message>
            <source>Posizione dell'unità {0}</source>
            <translation>Position of unit {0}</translation>
        </message>
        <message>
            <source>Fare clic sul punto in cui si trova l'unità {0}. Esc annulla.</source>
            <translation>Click where unit {0} is. Esc cancels.</translation>
        </message>
        <message>
            <source>Posizione dell'unità {0} registrata.</source>
            <translation>Position of unit {0} recorded.</translation>
        </message>
        <message>
            <source>Posizione dell'unità {0} dimenticata.</source>
            <translation>Position of unit {0} forgotten.</translation>
        </message>
    </context>
    <context>
        <name>NearCamerasModel</name>
        <message>
            <source>Nome</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Tipo</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Distanza</source>
            <translation>Distance</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Richiesta filmati</source>
            <translation>Footage request</translation>
        </message>
        <message>
            <source>{0} m</source>
            <translation>{0} m</translation>
        </message>
    </context>
    <context>
        <name>NewOperatorDialog</name>
        <message>
            <source>Nuovo operatore</source>
            <translation>New operator</translation>
        </message>
        <message>
            <source>Nome e cognome</source>
            <translation>First and last name</translation>
        </message>
        <message>
            <source>&amp;Nome:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>&amp;Ruolo:</source>
            <translation>&amp;Role:</translation>
        </message>
        <message>
            <source>&amp;Password o PIN:</source>
            <translation>&amp;Password or PIN:</translation>
        </message>
        <message>
            <source>Ripeti la pass&amp;word:</source>
            <translation>Repeat the pass&amp;word:</translation>
        </message>
        <message>
            <source>Indicare il nome dell'operatore.</source>
            <translation>Enter the operator's name.</translation>
        </message>
    </context>
    <context>
        <name>ObserverMode</name>
        <message>
            <source>Osservatore: sola consultazione</source>
            <translation>Observer: view only</translation>
        </message>
    </context>
    <context>
        <name>OperatorDialog</name>
        <message>
            <source>&amp;Operatore:</source>
            <translation>&amp;Operator:</translation>
        </message>
        <message>
            <source>password o PIN</source>
            <translation>password or PIN</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>&amp;Password:</translation>
        </message>
        <message>
            <source>&amp;Entra</source>
            <translation>&amp;Sign in</translation>
        </message>
        <message>
            <source>Accesso</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>Cambia operatore</source>
            <translation>Change operator</translation>
        </message>
        <message>
            <source>Passaggio di consegne</source>
            <translation>Handover</translation>
        </message>
        <message>
            <source>Postazione bloccata</source>
            <translation>Station locked</translation>
        </message>
        <message>
            <source>Chi è in turno? Scegliere il proprio nome e digitare la password: ogni operazione sarà registrata a suo nome.</source>
            <translation>Who is on shift? Choose your name and type your password: every action will be recorded in your name.</translation>
        </message>
        <message>
            <source>Chi prende il turno? Il turno aperto sarà chiuso e ne sarà aperto uno nuovo a nome di chi entra.</source>
            <translation>Who takes over the shift? The open shift will be closed and a new one opened in the name of whoever signs in.</translation>
        </message>
        <message>
            <source>Turno chiuso. Chi prende il turno? Altrimenti bloccare la postazione finché qualcuno non entra.</source>
            <translation>Shift closed. Who takes over the shift? Otherwise lock the station until someone signs in.</translation>
        </message>
        <message>
            <source>Postazione bloccata. Per riprendere digitare la password; un altro operatore può prendere il turno.</source>
            <translation>Station locked. Type the password to resume; another operator can take over the shift.</translation>
        </message>
        <message>
            <source>Esci</source>
            <translation>Exit</translation>
        </message>
        <message>
            <source>Annulla</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>&amp;Blocca</source>
            <translation>&amp;Lock</translation>
        </message>
        <message>
            <source>Nessun operatore attivo: aggiungerne uno (Operatori…) o ripetere la prima configurazione.</source>
            <translation>No active operator: add one (Operators…) or repeat the first-time setup.</translation>
        </message>
        <message>
            <source>Troppi tentativi errati: nuovo tentativo tra {0} s.</source>
            <translation>Too many wrong attempts: try again in {0} s.</translation>
        </message>
    </context>
    <context>
        <name>OperatorForms</name>
        <message>
            <source>Le due password non coincidono.</source>
            <translation>The two passwords do not match.</translation>
        </message>
    </context>
    <context>
        <name>OperatorPage</name>
        <message>
            <source>Primo operatore</source>
            <translation>First operator</translation>
        </message>
        <message>
            <source>Chi configura questa postazione? Sarà il suo amministratore: con la sua password aggiunge poi gli altri operatori (File → Operatori…) e dà loro un ruolo.</source>
            <translation>Who is setting up this station? They will be its administrator: with their password they then add the other operators (File → Operators…) and give them a role.</translation>
        </message>
        <message>
            <source>Nome e cognome</source>
            <translation>First and last name</translation>
        </message>
        <message>
            <source>&amp;Nome:</source>
            <translation>N&amp;ame:</translation>
        </message>
        <message>
            <source>almeno {0} caratteri</source>
            <translation>at least {0} characters</translation>
        </message>
        <message>
            <source>&amp;Password o PIN:</source>
            <translation>&amp;Password or PIN:</translation>
        </message>
        <message>
            <source>&amp;Ripeti la password:</source>
            <translation>&amp;Repeat the password:</translation>
        </message>
        <message>
            <source>Ruolo: {0}</source>
            <translation>Role: {0}</translation>
        </message>
        <message>
            <source>Indicare il nome dell'operatore.</source>
            <translation>Enter the operator's name.</translation>
        </message>
        <message>
            <source>Nome troppo lungo (massimo 120 caratteri).</source>
            <translation>Name too long (120 characters at most).</translation>
        </message>
    </context>
    <context>
        <name>OperatorsModel</name>
        <message>
            <source>Nome</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Ruolo</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>impostata</source>
            <translation>set</translation>
        </message>
        <message>
            <source>manca</source>
            <translation>missing</translation>
        </message>
        <message>
            <source>attivo</source>
            <translation>active</translation>
        </message>
        <message>
            <source>disattivato</source>
            <translation>deactivated</translation>
        </message>
    </context>
    <context>
        <name>OperatorsWindow</name>
        <message>
            <source>Operatori</source>
            <translation>Operators</translation>
        </message>
        <message>
            <source>&amp;Nuovo… (Ins)</source>
            <translation>&amp;New… (Ins)</translation>
        </message>
        <message>
            <source>R&amp;uolo… (F2)</source>
            <translation>Ro&amp;le… (F2)</translation>
        </message>
        <message>
            <source>&amp;Password… (Ctrl+W)</source>
            <translation>&amp;Password… (Ctrl+W)</translation>
        </message>
        <message>
            <source>&amp;Disattiva (Canc)</source>
            <translation>&amp;Deactivate (Del)</translation>
        </message>
        <message>
            <source>&amp;Chiudi</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>&amp;Operatori:</source>
            <translation>&amp;Operators:</translation>
        </message>
        <message>
            <source>&amp;Riattiva (Canc)</source>
            <translation>&amp;Reactivate (Del)</translation>
        </message>
        <message>
            <source>Gli operatori si gestiscono dal ruolo responsabile in su.</source>
            <translation>Operators are managed from the supervisor role upwards.</translation>
        </message>
        <message>
            <source>Disattiva operatore</source>
            <translation>Deactivate operator</translation>
        </message>
        <message>
            <source>Disattivare {0}? Non potrà più entrare; quanto ha registrato resta a suo nome.</source>
            <translation>Deactivate {0}? They will no longer be able to sign in; what they recorded stays in their name.</translation>
        </message>
        <message>
            <source>{0} di nuovo attivo.</source>
            <translation>{0} is active again.</translation>
        </message>
        <message>
            <source>{0} disattivato.</source>
            <translation>{0} deactivated.</translation>
        </message>
    </context>
    <context>
        <name>PasswordDialog</name>
        <message>
            <source>Password di {0}</source>
            <translation>Password of {0}</translation>
        </message>
        <message>
            <source>Nuova &amp;password o PIN:</source>
            <translation>New &amp;password or PIN:</translation>
        </message>
        <message>
            <source>&amp;Ripeti la password:</source>
            <translation>&amp;Repeat the password:</translation>
        </message>
    </context>
    <context>
        <name>PrintLayout</name>
        <message>
            <source>Impossibile stampare: la stampante non è pronta.</source>
            <translation>Cannot print: the printer is not ready.</translation>
        </message>
        <message>
            <source>Anteprima di stampa – {0}</source>
            <translation>Print preview – {0}</translation>
        </message>
    </context>
    <context>
        <name>PriorityScaleModel</name>
        <message>
            <source>Codice</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>Nome</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Nome (inglese)</source>
            <translation>Name (English)</translation>
        </message>
        <message>
            <source>Colore</source>
            <translation>Colour</translation>
        </message>
        <message>
            <source>Colore del testo</source>
            <translation>Text colour</translation>
        </message>
        <message>
            <source>Allarma</source>
            <translation>Alerts</translation>
        </message>
        <message>
            <source>Allarme dopo (s)</source>
            <translation>Alert after (s)</translation>
        </message>
    </context>
    <context>
        <name>QuarantineWindow</name>
        <message>
            <source>Modifiche non condivise e in attesa</source>
            <translation>Changes not shared and waiting</translation>
        </message>
        <message>
            <source>Non condivisa: modifica fatta qui e rifiutata dal server regionale (resta in questo archivio, gli altri non la vedono). In quarantena: modifica ricevuta che non si è potuta applicare (si riprova a ogni sincronizzazione). In attesa: modifica ricevuta che aspetta il dato a cui si riferisce.</source>
            <translation>Not shared: a change made here and refused by the regional server (it stays in this store, the others do not see it). In quarantine: a received change that could not be applied (retried at every sync). Waiting: a received change that waits for the record it refers to.</translation>
        </message>
        <message>
            <source>&amp;Aggiorna</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <source>&amp;Chiudi</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>Tutto condiviso, nulla in attesa.</source>
            <translation>Everything shared, nothing waiting.</translation>
        </message>
        <message>
            <source>{0} modifica da verificare.</source>
            <translation>{0} change to check.</translation>
        </message>
        <message>
            <source>{0} modifiche da verificare.</source>
            <translation>{0} changes to check.</translation>
        </message>
    </context>
    <context>
        <name>ReportDialog</name>
        <message>
            <source>Includi le &amp;esercitazioni</source>
            <translation>Include &amp;exercises</translation>
        </message>
        <message>
            <source>&amp;Sfoglia…</source>
            <translation>&amp;Browse…</translation>
        </message>
        <message>
            <source>&amp;File:</source>
            <translation>&amp;File:</translation>
        </message>
        <message>
            <source>&amp;Genera</source>
            <translation>&amp;Generate</translation>
        </message>
        <message>
            <source>Stam&amp;pa…</source>
            <translation>&amp;Print…</translation>
        </message>
        <message>
            <source>Anteprima e stampa (Ctrl+P)</source>
            <translation>Preview and print (Ctrl+P)</translation>
        </message>
        <message>
            <source>&amp;Chiudi</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>In corso… {0} s</source>
            <translation>Working… {0} s</translation>
        </message>
        <message>
            <source>Rapporto scritto: {0}</source>
            <translation>Report written: {0}</translation>
        </message>
        <message>
            <source>Indicare il file da scrivere.</source>
            <translation>Choose the file to write.</translation>
        </message>
        <message>
            <source>Scrittura di {0}…</source>
            <translation>Writing {0}…</translation>
        </message>
        <message>
            <source>Preparazione della stampa…</source>
            <translation>Preparing the print…</translation>
        </message>
    </context>
    <context>
        <name>ReportFiles</name>
        <message>
            <source>al suo posto c'è un file</source>
            <translation>a file is in its place</translation>
        </message>
        <message>
            <source>al posto di una cartella c'è un file</source>
            <translation>a file is where a folder should be</translation>
        </message>
        <message>
            <source>permesso negato</source>
            <translation>permission denied</translation>
        </message>
        <message>
            <source>disco pieno</source>
            <translation>disk full</translation>
        </message>
        <message>
            <source>disco di sola lettura</source>
            <translation>read-only disk</translation>
        </message>
        <message>
            <source>cartella inesistente</source>
            <translation>the folder does not exist</translation>
        </message>
        <message>
            <source>Impossibile scrivere {0}: {1}.</source>
            <translation>Cannot write {0}: {1}.</translation>
        </message>
        <message>
            <source>Impossibile scrivere il rapporto: {0}.</source>
            <translation>Cannot write the report: {0}.</translation>
        </message>
        <message>
            <source>Documento PDF (*.pdf)</source>
            <translation>PDF document (*.pdf)</translation>
        </message>
        <message>
            <source>CSV per Excel (*.csv)</source>
            <translation>CSV for Excel (*.csv)</translation>
        </message>
    </context>
    <context>
        <name>ReportPermissions</name>
        <message>
            <source>Questo rapporto non è consentito all'operatore in turno: serve il ruolo {0}.</source>
            <translation>This report is not allowed to the operator on shift: it needs the {0} role.</translation>
        </message>
    </context>
    <context>
        <name>ReportsUi</name>
        <message>
            <source>&amp;Rapporti</source>
            <translation>&amp;Reports</translation>
        </message>
        <message>
            <source>&amp;Brogliaccio…</source>
            <translation>&amp;Log book…</translation>
        </message>
        <message>
            <source>&amp;Statistiche…</source>
            <translation>&amp;Statistics…</translation>
        </message>
        <message>
            <source>&amp;Relazione annuale…</source>
            <translation>&amp;Annual report…</translation>
        </message>
        <message>
            <source>&amp;Esporta CSV…</source>
            <translation>&amp;Export CSV…</translation>
        </message>
        <message>
            <source>Rapporto di &amp;fine turno…</source>
            <translation>S&amp;hift-end report…</translation>
        </message>
        <message>
            <source>Stam&amp;pa…</source>
            <translation>&amp;Print…</translation>
        </message>
        <message>
            <source>Stampa il rapporto aperto, con anteprima (Ctrl+P)</source>
            <translation>Print the open report, with preview (Ctrl+P)</translation>
        </message>
        <message>
            <source>Nessun rapporto da stampare: aprire un rapporto dal menu Rapporti.</source>
            <translation>No report to print: open a report from the Reports menu.</translation>
        </message>
    </context>
    <context>
        <name>ResponseModel</name>
        <message>
            <source>Intervallo</source>
            <translation>Interval</translation>
        </message>
        <message>
            <source>Interventi misurati</source>
            <translation>Events measured</translation>
        </message>
        <message>
            <source>Mediana</source>
            <translation>Median</translation>
        </message>
        <message>
            <source>90° percentile</source>
            <translation>90th percentile</translation>
        </message>
        <message>
            <source>Ricezione → prima unità inviata</source>
            <translation>Received → first unit sent</translation>
        </message>
        <message>
            <source>Invio → prima unità sul posto</source>
            <translation>Sent → first unit on scene</translation>
        </message>
        <message>
            <source>Sul posto → ultima unità libera</source>
            <translation>On scene → last unit cleared</translation>
        </message>
    </context>
    <context>
        <name>RoleDialog</name>
        <message>
            <source>Ruolo di {0}</source>
            <translation>Role of {0}</translation>
        </message>
        <message>
            <source>&amp;Ruolo:</source>
            <translation>&amp;Role:</translation>
        </message>
    </context>
    <context>
        <name>SearchModel</name>
        <message>
            <source>Numero</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Ricevuto</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Chiuso</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Priorità</source>
            <translation>Priority</translation>
        </message>
        <message>
            <source>Tipologia</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Comune</source>
            <translation>Municipality</translation>
        </message>
        <message>
            <source>Indirizzo</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Descrizione</source>
            <translation>Description</translation>
        </message>
    </context>
    <context>
        <name>SearchView</name>
        <message>
            <source>Cerca in numero, indirizzo, chiamante, descrizione e diario…</source>
            <translation>Search number, address, caller, description and journal…</translation>
        </message>
        <message>
            <source>Dal</source>
            <translation>From</translation>
        </message>
        <message>
            <source>Al</source>
            <translation>To</translation>
        </message>
        <message>
            <source>Tutti gli stati</source>
            <translation>All statuses</translation>
        </message>
        <message>
            <source>Attivi</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Chiusi o annullati</source>
            <translation>Closed or cancelled</translation>
        </message>
        <message>
            <source>Tutte le priorità</source>
            <translation>All priorities</translation>
        </message>
        <message>
            <source>Riservati e condivisi</source>
            <translation>Reserved and shared</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Priorità</source>
            <translation>Priority</translation>
        </message>
        <message>
            <source>Condivisione</source>
            <translation>Sharing</translation>
        </message>
        <message>
            <source>Tutte le tipologie</source>
            <translation>All types</translation>
        </message>
        <message>
            <source>Tutti i comuni</source>
            <translation>All municipalities</translation>
        </message>
        <message>
            <source>Includi esercitazioni</source>
            <translation>Include exercises</translation>
        </message>
        <message>
            <source>Tipologia</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Comune</source>
            <translation>Municipality</translation>
        </message>
        <message>
            <source>Ricerca in corso…</source>
            <translation>Searching…</translation>
        </message>
        <message>
            <source>{0} intervento trovato</source>
            <translation>{0} event found</translation>
        </message>
        <message>
            <source>{0} interventi trovati</source>
            <translation>{0} events found</translation>
        </message>
        <message>
            <source>Primi {0} interventi (scorrere per altri)</source>
            <translation>First {0} events (scroll for more)</translation>
        </message>
    </context>
    <context>
        <name>ServerPage</name>
        <message>
            <source>Server regionale (facoltativo)</source>
            <translation>Regional server (optional)</translation>
        </message>
        <message>
            <source>Emergenza funziona anche senza server. Se il comando dispone del server regionale, indicarne l'indirizzo e il codice di registrazione ricevuto dall'amministratore; altrimenti lasciare vuoto e proseguire.</source>
            <translation>Emergenza also works with no server. If the corps uses the regional server, enter its address and the enrollment code received from the administrator; otherwise leave both empty and go on.</translation>
        </message>
        <message>
            <source>es. https://emergenza.regione.example</source>
            <translation>e.g. https://emergenza.regione.example</translation>
        </message>
        <message>
            <source>In&amp;dirizzo del server:</source>
            <translation>Server &amp;address:</translation>
        </message>
        <message>
            <source>codice monouso</source>
            <translation>one-time code</translation>
        </message>
        <message>
            <source>Codice di &amp;registrazione:</source>
            <translation>&amp;Enrollment code:</translation>
        </message>
        <message>
            <source>Indirizzo non valido: deve iniziare con https:// (o http://) seguito dal nome del server.</source>
            <translation>Invalid address: it must start with https:// (or http://) followed by the server's name.</translation>
        </message>
        <message>
            <source>Per registrarsi indicare anche l'indirizzo del server.</source>
            <translation>To enroll, also enter the server's address.</translation>
        </message>
        <message>
            <source>L'indirizzo è stato memorizzato: la registrazione si può fare più tardi dal menu Sincronizzazione o con il comando «emergenza enroll».</source>
            <translation>The address has been saved: enrollment can be done later from the Sync menu or with the command «emergenza enroll».</translation>
        </message>
        <message>
            <source>Registrazione presso il server in corso…</source>
            <translation>Enrolling with the server…</translation>
        </message>
        <message>
            <source>Postazione registrata sul server regionale.</source>
            <translation>Station enrolled on the regional server.</translation>
        </message>
        <message>
            <source>Registrazione non riuscita: {0} Correggere i dati, oppure cancellare il codice per proseguire e registrarsi più tardi.</source>
            <translation>Enrollment failed: {0} Correct the data, or clear the code to go on and enroll later.</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Impostazioni</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>&amp;Lingua dell'interfaccia:</source>
            <translation>Interface &amp;language:</translation>
        </message>
        <message>
            <source>La nuova lingua sarà usata al prossimo avvio di Emergenza.</source>
            <translation>The new language is used the next time Emergenza starts.</translation>
        </message>
        <message>
            <source>Allarme codice {0} senza unità dopo:</source>
            <translation>Alert for a {0} code without a unit after:</translation>
        </message>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <source>mai</source>
            <translation>never</translation>
        </message>
        <message>
            <source>&amp;Blocco della postazione dopo inattività di:</source>
            <translation>Loc&amp;k the station after being idle for:</translation>
        </message>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <source>Prima configurazione di Emergenza</source>
            <translation>Emergenza first-time setup</translation>
        </message>
        <message>
            <source>&amp;Avanti &gt;</source>
            <translation>&amp;Next &gt;</translation>
        </message>
        <message>
            <source>&lt; &amp;Indietro</source>
            <translation>&lt; &amp;Back</translation>
        </message>
        <message>
            <source>&amp;Fine</source>
            <translation>&amp;Finish</translation>
        </message>
        <message>
            <source>Annulla</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Impossibile salvare la configurazione: {0}</source>
            <translation>Could not save the setup: {0}</translation>
        </message>
    </context>
    <context>
        <name>SharedEventsNotice</name>
        <message>
            <source>Visto</source>
            <translation>Seen</translation>
        </message>
        <message>
            <source>Presa visione dei nuovi interventi condivisi</source>
            <translation>Acknowledge the new shared events</translation>
        </message>
        <message>
            <source>Nuovo intervento condiviso da un'altra sala: {0}</source>
            <translation>New shared event from another room: {0}</translation>
        </message>
    </context>
    <context>
        <name>ShiftEndDialog</name>
        <message>
            <source>Fine turno</source>
            <translation>End of shift</translation>
        </message>
        <message>
            <source>Turno:</source>
            <translation>Shift:</translation>
        </message>
        <message>
            <source>Modifiche non inviate:</source>
            <translation>Unsent changes:</translation>
        </message>
        <message>
            <source>Conflitti da rivedere:</source>
            <translation>Conflicts to review:</translation>
        </message>
        <message>
            <source>Modifiche ricevute in attesa:</source>
            <translation>Received changes waiting:</translation>
        </message>
        <message>
            <source>Non condivise / in quarantena:</source>
            <translation>Not shared / in quarantine:</translation>
        </message>
        <message>
            <source>Ultima sincronizzazione:</source>
            <translation>Last sync:</translation>
        </message>
        <message>
            <source>Motivo della chiusura con modifiche non inviate (obbligatorio):</source>
            <translation>Reason for closing with unsent changes (required):</translation>
        </message>
        <message>
            <source>Es.: collegamento assente dalle 22:00, segnalato al CED.</source>
            <translation>E.g.: link down since 22:00, reported to IT.</translation>
        </message>
        <message>
            <source>&amp;Sincronizza ora</source>
            <translation>&amp;Sync now</translation>
        </message>
        <message>
            <source>Chiudi il &amp;turno</source>
            <translation>Close the shif&amp;t</translation>
        </message>
        <message>
            <source>&amp;Annulla</source>
            <translation>&amp;Cancel</translation>
        </message>
        <message>
            <source>&amp;Rapporto di fine turno…</source>
            <translation>Shift-end &amp;report…</translation>
        </message>
        <message>
            <source>Passa le &amp;consegne…</source>
            <translation>Hand &amp;over…</translation>
        </message>
        <message>
            <source>{0}, dalle {1}</source>
            <translation>{0}, since {1}</translation>
        </message>
        <message>
            <source>nessun turno aperto</source>
            <translation>no open shift</translation>
        </message>
        <message>
            <source>{0} ({1})</source>
            <translation>{0} ({1})</translation>
        </message>
        <message>
            <source>nessuna: tutto inviato</source>
            <translation>none: everything sent</translation>
        </message>
        <message>
            <source>{0} / {1}</source>
            <translation>{0} / {1}</translation>
        </message>
        <message>
            <source>mai</source>
            <translation>never</translation>
        </message>
        <message>
            <source>ultimo errore: {0}</source>
            <translation>last error: {0}</translation>
        </message>
        <message>
            <source>postazione non registrata sul server</source>
            <translation>station not enrolled on the server</translation>
        </message>
        <message>
            <source>Le modifiche non inviate possono restare in sospeso solo con un responsabile: sincronizzare, oppure passare le consegne (il turno si chiude all'accesso di chi subentra).</source>
            <translation>Unsent changes can be left pending only by a supervisor: sync, or hand over (the shift closes when whoever takes over signs in).</translation>
        </message>
        <message>
            <source>interventi</source>
            <translation>events</translation>
        </message>
        <message>
            <source>annotazioni</source>
            <translation>journal entries</translation>
        </message>
        <message>
            <source>assegnazioni</source>
            <translation>assignments</translation>
        </message>
        <message>
            <source>risorse</source>
            <translation>resources</translation>
        </message>
        <message>
            <source>aree a rischio</source>
            <translation>at-risk areas</translation>
        </message>
        <message>
            <source>telecamere e varchi</source>
            <translation>cameras and gates</translation>
        </message>
        <message>
            <source>Sincronizzazione in corso…</source>
            <translation>Sync in progress…</translation>
        </message>
        <message>
            <source>Sincronizzazione completata.</source>
            <translation>Sync completed.</translation>
        </message>
        <message>
            <source>C'è {0} modifica non inviata: sincronizzare prima di chiudere il turno, oppure scrivere il motivo.</source>
            <translation>There is {0} unsent change: sync before closing the shift, or write the reason.</translation>
        </message>
        <message>
            <source>Ci sono {0} modifiche non inviate: sincronizzare prima di chiudere il turno, oppure scrivere il motivo.</source>
            <translation>There are {0} unsent changes: sync before closing the shift, or write the reason.</translation>
        </message>
        <message>
            <source>Turno chiuso.</source>
            <translation>Shift closed.</translation>
        </message>
        <message>
            <source>Rapporto di fine turno salvato: {0}</source>
            <translation>Shift-end report saved: {0}</translation>
        </message>
    </context>
    <context>
        <name>ShiftReportDialog</name>
        <message>
            <source>Rapporto di fine turno</source>
            <translation>Shift-end report</translation>
        </message>
        <message>
            <source>Interventi aperti, chiusi e ancora aperti, unità e assegnazioni, tempi di risposta, note del responsabile e modifiche non ancora inviate.</source>
            <translation>Events opened, closed and still open, units and assignments, response times, the supervisor's notes and changes not yet sent.</translation>
        </message>
        <message>
            <source>&amp;Turno:</source>
            <translation>&amp;Shift:</translation>
        </message>
    </context>
    <context>
        <name>ShiftReportWriter</name>
        <message>
            <source>Il rapporto di fine turno non è stato salvato: {0}</source>
            <translation>The shift-end report was not saved: {0}</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsWindow</name>
        <message>
            <source>Scorciatoie da tastiera</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <source>Spazio</source>
            <translation>Space</translation>
        </message>
        <message>
            <source>Avanza l'unità selezionata (nel quadro unità)</source>
            <translation>Advances the selected unit (in the units board)</translation>
        </message>
        <message>
            <source>Invio</source>
            <translation>Enter</translation>
        </message>
        <message>
            <source>Apre l'intervento selezionato (nel quadro interventi)</source>
            <translation>Opens the selected event (in the events board)</translation>
        </message>
        <message>
            <source>Trascinamento</source>
            <translation>Drag and drop</translation>
        </message>
        <message>
            <source>Trascinare un'unità su un intervento la assegna</source>
            <translation>Dragging a unit onto an event assigns it</translation>
        </message>
        <message>
            <source>+ / −, rotellina</source>
            <translation>+ / −, mouse wheel</translation>
        </message>
        <message>
            <source>Ingrandisce / riduce la mappa</source>
            <translation>Zooms the map in / out</translation>
        </message>
        <message>
            <source>Frecce</source>
            <translation>Arrows</translation>
        </message>
        <message>
            <source>Spostano la mappa (quando ha il fuoco)</source>
            <translation>Move the map (when it has the focus)</translation>
        </message>
        <message>
            <source>Home</source>
            <translation>Home</translation>
        </message>
        <message>
            <source>Riporta la mappa sull'area del comando</source>
            <translation>Brings the map back to the corps' area</translation>
        </message>
        <message>
            <source>Apre l'intervento selezionato sulla mappa</source>
            <translation>Opens the event selected on the map</translation>
        </message>
        <message>
            <source>Tasto destro</source>
            <translation>Right button</translation>
        </message>
        <message>
            <source>Sulla mappa: posiziona un'unità, apre un intervento</source>
            <translation>On the map: places a unit, opens an event</translation>
        </message>
        <message>
            <source>Ins, Invio/F2, Canc</source>
            <translation>Ins, Enter/F2, Del</translation>
        </message>
        <message>
            <source>Anagrafica unità e Operatori: nuovo, modifica (ruolo), ritira/disattiva o riattiva</source>
            <translation>Unit registry and Operators: new, edit (role), retire/deactivate or reactivate</translation>
        </message>
        <message>
            <source>Ctrl+I, Ctrl+E</source>
            <translation>Ctrl+I, Ctrl+E</translation>
        </message>
        <message>
            <source>Anagrafica unità: importa da CSV, equipaggio del turno</source>
            <translation>Unit registry: import from CSV, crew of the shift</translation>
        </message>
        <message>
            <source>Ctrl+W</source>
            <translation>Ctrl+W</translation>
        </message>
        <message>
            <source>Operatori: imposta la password o il PIN</source>
            <translation>Operators: set the password or PIN</translation>
        </message>
        <message>
            <source>Esc</source>
            <translation>Esc</translation>
        </message>
        <message>
            <source>Chiude la finestra di dialogo</source>
            <translation>Closes the dialog</translation>
        </message>
        <message>
            <source>Tutte le azioni sono anche nei menu e nella barra degli strumenti.</source>
            <translation>Every action is also in the menus and on the toolbar.</translation>
        </message>
        <message>
            <source>Tasti</source>
            <translation>Keys</translation>
        </message>
        <message>
            <source>Azione</source>
            <translation>Action</translation>
        </message>
    </context>
    <context>
        <name>StationPage</name>
        <message>
            <source>Postazione</source>
            <translation>Station</translation>
        </message>
        <message>
            <source>Indicare il nome di questa postazione, il suo codice (compare nei numeri degli interventi, es. BG01-2026-000123) e il comando di appartenenza.</source>
            <translation>Enter the name of this station, its code (it appears in event numbers, e.g. BG01-2026-000123) and the corps it belongs to.</translation>
        </message>
        <message>
            <source>es. Centrale operativa Bergamo</source>
            <translation>e.g. Centrale operativa Bergamo</translation>
        </message>
        <message>
            <source>&amp;Nome della postazione:</source>
            <translation>Station n&amp;ame:</translation>
        </message>
        <message>
            <source>es. BG01</source>
            <translation>e.g. BG01</translation>
        </message>
        <message>
            <source>&amp;Codice postazione:</source>
            <translation>Station &amp;code:</translation>
        </message>
        <message>
            <source>es. Polizia Locale di Bergamo</source>
            <translation>e.g. Polizia Locale di Bergamo</translation>
        </message>
        <message>
            <source>Co&amp;mando:</source>
            <translation>C&amp;orps:</translation>
        </message>
    </context>
    <context>
        <name>StationWiring</name>
        <message>
            <source>Registrazione non disponibile in questa esecuzione.</source>
            <translation>Enrollment is not available in this run.</translation>
        </message>
        <message>
            <source>Esci da Emergenza</source>
            <translation>Exit Emergenza</translation>
        </message>
        <message>
            <source>Il turno di {0} è aperto. Uscire comunque? Il turno resta aperto e si riprende al prossimo avvio; per passare le consegne usare Sincronizzazione → Fine turno.</source>
            <translation>The shift of {0} is open. Exit anyway? The shift stays open and resumes at the next start; to hand over, use Sync → End of shift.</translation>
        </message>
    </context>
    <context>
        <name>StatisticsWindow</name>
        <message>
            <source>Statistiche degli interventi</source>
            <translation>Event statistics</translation>
        </message>
        <message>
            <source>Riepilogo</source>
            <translation>Summary</translation>
        </message>
        <message>
            <source>Tipologia</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Interventi per tipologia</source>
            <translation>Events by type</translation>
        </message>
        <message>
            <source>Codice</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>Interventi per codice di priorità</source>
            <translation>Events by priority code</translation>
        </message>
        <message>
            <source>Comune</source>
            <translation>Municipality</translation>
        </message>
        <message>
            <source>Interventi per comune</source>
            <translation>Events by municipality</translation>
        </message>
        <message>
            <source>Canale</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>Interventi per canale di ricezione</source>
            <translation>Events by intake channel</translation>
        </message>
        <message>
            <source>Tipologie</source>
            <translation>Types</translation>
        </message>
        <message>
            <source>Codici</source>
            <translation>Codes</translation>
        </message>
        <message>
            <source>Comuni</source>
            <translation>Municipalities</translation>
        </message>
        <message>
            <source>Canali</source>
            <translation>Channels</translation>
        </message>
        <message>
            <source>Ora</source>
            <translation>Hour</translation>
        </message>
        <message>
            <source>Giorno</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Ore e giorni</source>
            <translation>Hours and days</translation>
        </message>
        <message>
            <source>Impiego unità</source>
            <translation>Unit utilisation</translation>
        </message>
        <message>
            <source>Esporta PD&amp;F…</source>
            <translation>Export P&amp;DF…</translation>
        </message>
        <message>
            <source>Esporta &amp;CSV…</source>
            <translation>Export &amp;CSV…</translation>
        </message>
        <message>
            <source>&amp;Stampa…</source>
            <translation>P&amp;rint…</translation>
        </message>
        <message>
            <source>Anteprima e stampa (Ctrl+P)</source>
            <translation>Preview and print (Ctrl+P)</translation>
        </message>
        <message>
            <source>A&amp;ggiorna</source>
            <translation>Refres&amp;h</translation>
        </message>
        <message>
            <source>Ricalcola (Ctrl+R)</source>
            <translation>Recompute (Ctrl+R)</translation>
        </message>
        <message>
            <source>C&amp;hiudi</source>
            <translation>C&amp;lose</translation>
        </message>
        <message>
            <source>Interventi:</source>
            <translation>Events:</translation>
        </message>
        <message>
            <source>Chiusi:</source>
            <translation>Closed:</translation>
        </message>
        <message>
            <source>Annullati:</source>
            <translation>Cancelled:</translation>
        </message>
        <message>
            <source>Ancora aperti:</source>
            <translation>Still open:</translation>
        </message>
        <message>
            <source>Mediana dei tempi di risposta (minuti)</source>
            <translation>Median response times (minutes)</translation>
        </message>
        <message>
            <source>Interventi per ora del giorno (ora locale)</source>
            <translation>Events by hour of day (local time)</translation>
        </message>
        <message>
            <source>Interventi per giorno della settimana</source>
            <translation>Events by day of week</translation>
        </message>
        <message>
            <source>Tempi di risposta:</source>
            <translation>Response times:</translation>
        </message>
        <message>
            <source>lun</source>
            <translation>Mon</translation>
        </message>
        <message>
            <source>mar</source>
            <translation>Tue</translation>
        </message>
        <message>
            <source>mer</source>
            <translation>Wed</translation>
        </message>
        <message>
            <source>gio</source>
            <translation>Thu</translation>
        </message>
        <message>
            <source>ven</source>
            <translation>Fri</translation>
        </message>
        <message>
            <source>sab</source>
            <translation>Sat</translation>
        </message>
        <message>
            <source>dom</source>
            <translation>Sun</translation>
        </message>
        <message>
            <source>Calcolo in corso…</source>
            <translation>Computing…</translation>
        </message>
        <message>
            <source>Aggiornato in {0} ms.</source>
            <translation>Updated in {0} ms.</translation>
        </message>
        <message>
            <source>{0} intervento nel periodo</source>
            <translation>{0} event in the period</translation>
        </message>
        <message>
            <source>{0} interventi nel periodo</source>
            <translation>{0} events in the period</translation>
        </message>
        <message>
            <source>Esporta le statistiche</source>
            <translation>Export the statistics</translation>
        </message>
        <message>
            <source>Scrittura di {0}…</source>
            <translation>Writing {0}…</translation>
        </message>
        <message>
            <source>Rapporto scritto: {0}</source>
            <translation>Report written: {0}</translation>
        </message>
    </context>
    <context>
        <name>StatsFilters</name>
        <message>
            <source>Mese corrente</source>
            <translation>This month</translation>
        </message>
        <message>
            <source>Mese precedente</source>
            <translation>Last month</translation>
        </message>
        <message>
            <source>Anno corrente</source>
            <translation>This year</translation>
        </message>
        <message>
            <source>Anno precedente</source>
            <translation>Last year</translation>
        </message>
        <message>
            <source>Personalizzato</source>
            <translation>Custom</translation>
        </message>
        <message>
            <source>Tutte le tipologie</source>
            <translation>All types</translation>
        </message>
        <message>
            <source>Tutti i codici</source>
            <translation>All codes</translation>
        </message>
        <message>
            <source>Tutti i comuni</source>
            <translation>All municipalities</translation>
        </message>
        <message>
            <source>Tutti i canali</source>
            <translation>All channels</translation>
        </message>
        <message>
            <source>Includi le &amp;esercitazioni</source>
            <translation>Include &amp;exercises</translation>
        </message>
        <message>
            <source>Azze&amp;ra filtri</source>
            <translation>Re&amp;set filters</translation>
        </message>
        <message>
            <source>&amp;Periodo:</source>
            <translation>&amp;Period:</translation>
        </message>
        <message>
            <source>&amp;Dal:</source>
            <translation>&amp;From:</translation>
        </message>
        <message>
            <source>&amp;Al:</source>
            <translation>&amp;To:</translation>
        </message>
        <message>
            <source>&amp;Tipologia:</source>
            <translation>T&amp;ype:</translation>
        </message>
        <message>
            <source>C&amp;odice:</source>
            <translation>C&amp;ode:</translation>
        </message>
        <message>
            <source>Co&amp;mune:</source>
            <translation>&amp;Municipality:</translation>
        </message>
        <message>
            <source>Ca&amp;nale:</source>
            <translation>Cha&amp;nnel:</translation>
        </message>
        <message>
            <source>La data finale precede quella iniziale.</source>
            <translation>The end date is before the start date.</translation>
        </message>
        <message>
            <source>Comune non trovato in Lombardia: {0}</source>
            <translation>Municipality not found in Lombardy: {0}</translation>
        </message>
    </context>
    <context>
        <name>StatusBarController</name>
        <message>
            <source>Non collegato</source>
            <translation>Not connected</translation>
        </message>
        <message>
            <source>Sincronizzazione non configurata</source>
            <translation>Synchronisation not configured</translation>
        </message>
        <message>
            <source>Archivio non raggiungibile</source>
            <translation>Store unreachable</translation>
        </message>
        <message>
            <source>Da inviare: {0}</source>
            <translation>To send: {0}</translation>
        </message>
        <message>
            <source>Modifiche registrate qui e non ancora inviate al server</source>
            <translation>Changes recorded here and not yet sent to the server</translation>
        </message>
        <message>
            <source>Ultima sincronizzazione: {0}</source>
            <translation>Last sync: {0}</translation>
        </message>
        <message>
            <source>mai</source>
            <translation>never</translation>
        </message>
        <message>
            <source>Nessun operatore in turno</source>
            <translation>No operator on shift</translation>
        </message>
        <message>
            <source>Operatore: {0} ({1})</source>
            <translation>Operator: {0} ({1})</translation>
        </message>
    </context>
    <context>
        <name>StrikeDialog</name>
        <message>
            <source>Barra annotazione</source>
            <translation>Strike entry</translation>
        </message>
        <message>
            <source>&amp;Motivo:</source>
            <translation>&amp;Reason:</translation>
        </message>
        <message>
            <source>Barra</source>
            <translation>Strike</translation>
        </message>
        <message>
            <source>Annulla</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>SyncController</name>
        <message>
            <source>Errore imprevisto durante la sincronizzazione: {0}</source>
            <translation>Unexpected error during sync: {0}</translation>
        </message>
    </context>
    <context>
        <name>SyncIssuesLabel</name>
        <message>
            <source>Modifiche rifiutate dal server (restano qui, non condivise), ricevute e non applicabili (in quarantena) o in attesa: Sincronizzazione → Non condivise e in attesa…</source>
            <translation>Changes refused by the server (they stay here, not shared), received and not applicable (in quarantine) or waiting: Sync → Not shared and waiting…</translation>
        </message>
    </context>
    <context>
        <name>SyncIssuesModel</name>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Dato</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Motivo</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Quando</source>
            <translation>When</translation>
        </message>
        <message>
            <source>non condivisa</source>
            <translation>not shared</translation>
        </message>
        <message>
            <source>in quarantena</source>
            <translation>in quarantine</translation>
        </message>
        <message>
            <source>in attesa</source>
            <translation>waiting</translation>
        </message>
        <message>
            <source>Intervento {0}</source>
            <translation>Event {0}</translation>
        </message>
        <message>
            <source>Annotazione di {0}</source>
            <translation>Journal entry of {0}</translation>
        </message>
        <message>
            <source>Assegnazione {0}</source>
            <translation>Assignment {0}</translation>
        </message>
        <message>
            <source>Unità {0}</source>
            <translation>Unit {0}</translation>
        </message>
        <message>
            <source>Area a rischio {0}</source>
            <translation>At-risk area {0}</translation>
        </message>
        <message>
            <source>Telecamera o varco {0}</source>
            <translation>Camera or gate {0}</translation>
        </message>
    </context>
    <context>
        <name>SyncProgressDialog</name>
        <message>
            <source>Sincronizzazione</source>
            <translation>Sync</translation>
        </message>
        <message>
            <source>Modifiche inviate:</source>
            <translation>Changes sent:</translation>
        </message>
        <message>
            <source>Modifiche ricevute:</source>
            <translation>Changes received:</translation>
        </message>
        <message>
            <source>Nuovi conflitti:</source>
            <translation>New conflicts:</translation>
        </message>
        <message>
            <source>Sincronizzazione in corso…</source>
            <translation>Sync in progress…</translation>
        </message>
        <message>
            <source>{0} di {1}</source>
            <translation>{0} of {1}</translation>
        </message>
        <message>
            <source>{0} (stato iniziale)</source>
            <translation>{0} (initial state)</translation>
        </message>
        <message>
            <source>stato iniziale ricevuto: ricostruzione di ricerca e statistiche…</source>
            <translation>initial state received: rebuilding search and statistics…</translation>
        </message>
        <message>
            <source>Sincronizzazione completata.</source>
            <translation>Sync completed.</translation>
        </message>
        <message>
            <source>Rifiutate dal server (restano qui, non condivise): {0}.</source>
            <translation>Refused by the server (they stay here, not shared): {0}.</translation>
        </message>
        <message>
            <source>Ricevute in quarantena: {0}; in attesa: {1}.</source>
            <translation>Received in quarantine: {0}; waiting: {1}.</translation>
        </message>
        <message>
            <source>Resta {0} modifica da inviare.</source>
            <translation>{0} change is still to be sent.</translation>
        </message>
        <message>
            <source>Restano {0} modifiche da inviare.</source>
            <translation>{0} changes are still to be sent.</translation>
        </message>
    </context>
    <context>
        <name>SyncUi</name>
        <message>
            <source>Sincronizza &amp;ora</source>
            <translation>Sync &amp;now</translation>
        </message>
        <message>
            <source>&amp;Conflitti…</source>
            <translation>&amp;Conflicts…</translation>
        </message>
        <message>
            <source>&amp;Fine turno…</source>
            <translation>&amp;End of shift…</translation>
        </message>
        <message>
            <source>&amp;Non condivise e in attesa…</source>
            <translation>Not shared and &amp;waiting…</translation>
        </message>
    </context>
    <context>
        <name>TerritoryNotice</name>
        <message>
            <source>Visto</source>
            <translation>Seen</translation>
        </message>
        <message>
            <source>Presa visione degli avvisi del territorio</source>
            <translation>Acknowledge the territory warnings</translation>
        </message>
        <message>
            <source>{0} (e altri {1} avvisi)</source>
            <translation>{0} (and {1} more warnings)</translation>
        </message>
    </context>
    <context>
        <name>TerritoryUi</name>
        <message>
            <source>&amp;Territorio</source>
            <translation>&amp;Territory</translation>
        </message>
        <message>
            <source>&amp;Aree a rischio, telecamere e varchi…</source>
            <translation>&amp;At-risk areas, cameras and gates…</translation>
        </message>
    </context>
    <context>
        <name>TerritoryWindow</name>
        <message>
            <source>Aree a rischio, telecamere e varchi</source>
            <translation>At-risk areas, cameras and gates</translation>
        </message>
        <message>
            <source>&amp;Nuova area sulla mappa…</source>
            <translation>&amp;New area on the map…</translation>
        </message>
        <message>
            <source>&amp;Importa GeoJSON…</source>
            <translation>&amp;Import GeoJSON…</translation>
        </message>
        <message>
            <source>&amp;Esporta GeoJSON…</source>
            <translation>&amp;Export GeoJSON…</translation>
        </message>
        <message>
            <source>&amp;Disattiva area</source>
            <translation>&amp;Deactivate area</translation>
        </message>
        <message>
            <source>&amp;Aree a rischio</source>
            <translation>At-risk &amp;areas</translation>
        </message>
        <message>
            <source>Importa &amp;CSV…</source>
            <translation>Import C&amp;SV…</translation>
        </message>
        <message>
            <source>&amp;Telecamere e varchi</source>
            <translation>&amp;Cameras and gates</translation>
        </message>
        <message>
            <source>Importa se&amp;gnalazioni…</source>
            <translation>Import &amp;hits…</translation>
        </message>
        <message>
            <source>A&amp;pri intervento «controllo varco»</source>
            <translation>&amp;Open “gate check” event</translation>
        </message>
        <message>
            <source>Segnala&amp;zioni dei varchi</source>
            <translation>&amp;Gate hits</translation>
        </message>
        <message>
            <source>C&amp;hiudi</source>
            <translation>C&amp;lose</translation>
        </message>
        <message>
            <source>Area «{0}» salvata.</source>
            <translation>Area “{0}” saved.</translation>
        </message>
        <message>
            <source>Selezionare un'area.</source>
            <translation>Select an area.</translation>
        </message>
        <message>
            <source>Area disattivata.</source>
            <translation>Area deactivated.</translation>
        </message>
        <message>
            <source>Aree importate: {0}.</source>
            <translation>Areas imported: {0}.</translation>
        </message>
        <message>
            <source>Aree esportate: {0}.</source>
            <translation>Areas exported: {0}.</translation>
        </message>
        <message>
            <source>Telecamere importate: {0}.</source>
            <translation>Cameras imported: {0}.</translation>
        </message>
        <message>
            <source>Segnalazioni nuove: {0}.</source>
            <translation>New hits: {0}.</translation>
        </message>
        <message>
            <source>Selezionare una segnalazione.</source>
            <translation>Select a hit.</translation>
        </message>
        <message>
            <source>Aperto l'intervento {0}.</source>
            <translation>Event {0} opened.</translation>
        </message>
        <message>
            <source>Importa aree GeoJSON</source>
            <translation>Import GeoJSON areas</translation>
        </message>
        <message>
            <source>GeoJSON (*.geojson *.json)</source>
            <translation>GeoJSON (*.geojson *.json)</translation>
        </message>
        <message>
            <source>Esporta aree GeoJSON</source>
            <translation>Export GeoJSON areas</translation>
        </message>
        <message>
            <source>GeoJSON (*.geojson)</source>
            <translation>GeoJSON (*.geojson)</translation>
        </message>
        <message>
            <source>Importa telecamere</source>
            <translation>Import cameras</translation>
        </message>
        <message>
            <source>CSV (*.csv)</source>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <source>Importa segnalazioni dei varchi</source>
            <translation>Import gate hits</translation>
        </message>
    </context>
    <context>
        <name>UnitDialog</name>
        <message>
            <source>Modifica unità</source>
            <translation>Edit unit</translation>
        </message>
        <message>
            <source>Nuova unità</source>
            <translation>New unit</translation>
        </message>
        <message>
            <source>es. Alfa 1</source>
            <translation>e.g. Alfa 1</translation>
        </message>
        <message>
            <source>&amp;Nominativo:</source>
            <translation>&amp;Call sign:</translation>
        </message>
        <message>
            <source>&amp;Tipo:</source>
            <translation>&amp;Kind:</translation>
        </message>
        <message>
            <source>T&amp;arga:</source>
            <translation>&amp;Plate:</translation>
        </message>
        <message>
            <source>&amp;Canale radio:</source>
            <translation>&amp;Radio channel:</translation>
        </message>
        <message>
            <source>N&amp;ote:</source>
            <translation>&amp;Notes:</translation>
        </message>
        <message>
            <source>&amp;Salva</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Annulla</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Indicare il nominativo radio (es. Alfa 1).</source>
            <translation>Enter the radio call sign (e.g. Alfa 1).</translation>
        </message>
    </context>
    <context>
        <name>UnitUseModel</name>
        <message>
            <source>Unità</source>
            <translation>Unit</translation>
        </message>
        <message>
            <source>Assegnazioni</source>
            <translation>Assignments</translation>
        </message>
        <message>
            <source>Tempo impegnato</source>
            <translation>Time engaged</translation>
        </message>
        <message>
            <source>Impiego</source>
            <translation>Utilisation</translation>
        </message>
    </context>
    <context>
        <name>UnitsBoard</name>
        <message>
            <source>Avanza (F5)</source>
            <translation>Advance (F5)</translation>
        </message>
        <message>
            <source>Fuori servizio / in servizio (F6)</source>
            <translation>Out of service / in service (F6)</translation>
        </message>
        <message>
            <source>Trascinare un'unità su un intervento del quadro per assegnarla.</source>
            <translation>Drag a unit onto an event of the board to assign it.</translation>
        </message>
        <message>
            <source>Anagrafica unità… (Ctrl+Shift+U)</source>
            <translation>Unit registry… (Ctrl+Shift+U)</translation>
        </message>
        <message>
            <source>Selezionare un'unità.</source>
            <translation>Select a unit.</translation>
        </message>
        <message>
            <source>Posiziona sulla mappa…</source>
            <translation>Place on the map…</translation>
        </message>
        <message>
            <source>Anagrafica unità…</source>
            <translation>Unit registry…</translation>
        </message>
    </context>
    <context>
        <name>UnitsCsv</name>
        <message>
            <source>Importa unità da CSV</source>
            <translation>Import units from CSV</translation>
        </message>
        <message>
            <source>File CSV (*.csv);;Tutti i file (*)</source>
            <translation>CSV files (*.csv);;All files (*)</translation>
        </message>
    </context>
    <context>
        <name>UnitsModel</name>
        <message>
            <source>Nominativo</source>
            <translation>Call sign</translation>
        </message>
        <message>
            <source>Tipo</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Intervento</source>
            <translation>Event</translation>
        </message>
        <message>
            <source>Da</source>
            <translation>Since</translation>
        </message>
        <message>
            <source>Targa</source>
            <translation>Plate</translation>
        </message>
        <message>
            <source>Radio</source>
            <translation>Radio</translation>
        </message>
        <message>
            <source>L'unità {0} non ha un intervento in corso.</source>
            <translation>Unit {0} has no event in progress.</translation>
        </message>
    </context>
    <context>
        <name>UnitsPage</name>
        <message>
            <source>Prime unità (facoltativo)</source>
            <translation>First units (optional)</translation>
        </message>
        <message>
            <source>Le unità che la sala può inviare: scrivere il nominativo radio e premere Invio per aggiungerlo, oppure importarle da un file CSV (colonne tipo;nominativo;targa;canale_radio;note). Si possono aggiungere anche dopo (Unità → Anagrafica unità).</source>
            <translation>The units the room can send: type the radio call sign and press Enter to add it, or import them from a CSV file (columns kind;call_sign;plate;radio_channel;notes). They can also be added later (Units → Unit registry).</translation>
        </message>
        <message>
            <source>es. Alfa 1</source>
            <translation>e.g. Alfa 1</translation>
        </message>
        <message>
            <source>N&amp;ominativo:</source>
            <translation>Call &amp;sign:</translation>
        </message>
        <message>
            <source>&amp;Tipo:</source>
            <translation>&amp;Kind:</translation>
        </message>
        <message>
            <source>A&amp;ggiungi unità</source>
            <translation>A&amp;dd unit</translation>
        </message>
        <message>
            <source>Togli dall'&amp;elenco</source>
            <translation>&amp;Remove from the list</translation>
        </message>
        <message>
            <source>Importa da &amp;CSV…</source>
            <translation>Import from &amp;CSV…</translation>
        </message>
        <message>
            <source>Nominativo non valido (massimo 30 caratteri).</source>
            <translation>Invalid call sign (at most 30 characters).</translation>
        </message>
        <message>
            <source>{0} è già nell'elenco.</source>
            <translation>{0} is already in the list.</translation>
        </message>
        <message>
            <source>Unità da aggiungere: {0}.</source>
            <translation>Units to add: {0}.</translation>
        </message>
        <message>
            <source>Alla fine saranno importate anche le unità di {0}.</source>
            <translation>The units of {0} will be imported too at the end.</translation>
        </message>
    </context>
    <context>
        <name>UnitsRegistryModel</name>
        <message>
            <source>Nominativo</source>
            <translation>Call sign</translation>
        </message>
        <message>
            <source>Tipo</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Targa</source>
            <translation>Plate</translation>
        </message>
        <message>
            <source>Canale radio</source>
            <translation>Radio channel</translation>
        </message>
        <message>
            <source>Equipaggio</source>
            <translation>Crew</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>Stato</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>in servizio</source>
            <translation>in service</translation>
        </message>
        <message>
            <source>ritirata</source>
            <translation>retired</translation>
        </message>
    </context>
    <context>
        <name>UnitsRegistryWindow</name>
        <message>
            <source>Anagrafica unità</source>
            <translation>Unit registry</translation>
        </message>
        <message>
            <source>&amp;Nuova… (Ins)</source>
            <translation>&amp;New… (Ins)</translation>
        </message>
        <message>
            <source>&amp;Modifica… (Invio)</source>
            <translation>&amp;Edit… (Enter)</translation>
        </message>
        <message>
            <source>&amp;Ritira (Canc)</source>
            <translation>Re&amp;tire (Del)</translation>
        </message>
        <message>
            <source>&amp;Importa CSV… (Ctrl+I)</source>
            <translation>&amp;Import CSV… (Ctrl+I)</translation>
        </message>
        <message>
            <source>&amp;Equipaggio… (Ctrl+E)</source>
            <translation>C&amp;rew… (Ctrl+E)</translation>
        </message>
        <message>
            <source>&amp;Chiudi</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>&amp;Unità:</source>
            <translation>&amp;Units:</translation>
        </message>
        <message>
            <source>&amp;Riattiva (Canc)</source>
            <translation>Reac&amp;tivate (Del)</translation>
        </message>
        <message>
            <source>L'anagrafica delle unità si modifica dal ruolo responsabile in su.</source>
            <translation>The unit registry is edited from the supervisor role upwards.</translation>
        </message>
        <message>
            <source>Unità {0} salvata.</source>
            <translation>Unit {0} saved.</translation>
        </message>
        <message>
            <source>Ritira unità</source>
            <translation>Retire unit</translation>
        </message>
        <message>
            <source>Ritirare l'unità {0}? Non comparirà più tra le unità da inviare; lo storico resta.</source>
            <translation>Retire unit {0}? It will no longer appear among the units to send; its history stays.</translation>
        </message>
        <message>
            <source>Unità {0} ritirata.</source>
            <translation>Unit {0} retired.</translation>
        </message>
        <message>
            <source>Unità {0} di nuovo in servizio.</source>
            <translation>Unit {0} back in service.</translation>
        </message>
    </context>
    <context>
        <name>_Form</name>
        <message>
            <source>&amp;Salva</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Annulla</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>_ShiftCombo</name>
        <message>
            <source>Caricamento…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>(in corso)</source>
            <translation>(in progress)</translation>
        </message>
        <message>
            <source>Nessun turno registrato</source>
            <translation>No shift recorded</translation>
        </message>
    </context>
    <context>
        <name>cameras</name>
        <message>
            <source>riga {0}: {1}</source>
            <translation>line {0}: {1}</translation>
        </message>
        <message>
            <source> (e altre {0} righe)</source>
            <translation> (and {0} more lines)</translation>
        </message>
        <message>
            <source>file vuoto</source>
            <translation>empty file</translation>
        </message>
        <message>
            <source>mancano le colonne {0}</source>
            <translation>missing columns {0}</translation>
        </message>
        <message>
            <source>troppe righe (al massimo {0})</source>
            <translation>too many lines (at most {0})</translation>
        </message>
        <message>
            <source>nessuna riga da importare</source>
            <translation>no lines to import</translation>
        </message>
        <message>
            <source>manca il varco</source>
            <translation>the gate is missing</translation>
        </message>
        <message>
            <source>targa non valida: {0}</source>
            <translation>invalid plate: {0}</translation>
        </message>
        <message>
            <source>ora non valida: {0}</source>
            <translation>invalid time: {0}</translation>
        </message>
        <message>
            <source>lista sconosciuta: {0} (rubato, non_assicurato, ricercato, altro)</source>
            <translation>unknown list: {0} (rubato, non_assicurato, ricercato, altro)</translation>
        </message>
        <message>
            <source>varco sconosciuto: {0}</source>
            <translation>unknown gate: {0}</translation>
        </message>
    </context>
    <context>
        <name>enums</name>
        <message>
            <source>stazione</source>
            <translation>railway station</translation>
        </message>
        <message>
            <source>parco</source>
            <translation>park</translation>
        </message>
        <message>
            <source>movida</source>
            <translation>nightlife area</translation>
        </message>
        <message>
            <source>scuola</source>
            <translation>school</translation>
        </message>
        <message>
            <source>area industriale</source>
            <translation>industrial area</translation>
        </message>
        <message>
            <source>centro commerciale</source>
            <translation>shopping centre</translation>
        </message>
        <message>
            <source>altro</source>
            <translation>other</translation>
        </message>
        <message>
            <source>telecamera</source>
            <translation>camera</translation>
        </message>
        <message>
            <source>varco lettura targhe</source>
            <translation>plate-reading gate</translation>
        </message>
        <message>
            <source>comando</source>
            <translation>corps</translation>
        </message>
        <message>
            <source>comune</source>
            <translation>municipality</translation>
        </message>
        <message>
            <source>privato</source>
            <translation>private</translation>
        </message>
        <message>
            <source>funzionante</source>
            <translation>working</translation>
        </message>
        <message>
            <source>guasta</source>
            <translation>faulty</translation>
        </message>
        <message>
            <source>rimossa</source>
            <translation>removed</translation>
        </message>
        <message>
            <source>veicolo rubato</source>
            <translation>stolen vehicle</translation>
        </message>
        <message>
            <source>senza assicurazione</source>
            <translation>uninsured</translation>
        </message>
        <message>
            <source>ricercato</source>
            <translation>wanted</translation>
        </message>
        <message>
            <source>altra segnalazione</source>
            <translation>other listing</translation>
        </message>
        <message>
            <source>nuovo</source>
            <translation>new</translation>
        </message>
        <message>
            <source>in attesa</source>
            <translation>waiting</translation>
        </message>
        <message>
            <source>assegnato</source>
            <translation>assigned</translation>
        </message>
        <message>
            <source>sul posto</source>
            <translation>on scene</translation>
        </message>
        <message>
            <source>sospeso</source>
            <translation>suspended</translation>
        </message>
        <message>
            <source>chiuso</source>
            <translation>closed</translation>
        </message>
        <message>
            <source>annullato</source>
            <translation>cancelled</translation>
        </message>
        <message>
            <source>riaperto</source>
            <translation>reopened</translation>
        </message>
        <message>
            <source>bianco</source>
            <translation>white</translation>
        </message>
        <message>
            <source>verde</source>
            <translation>green</translation>
        </message>
        <message>
            <source>giallo</source>
            <translation>yellow</translation>
        </message>
        <message>
            <source>rosso</source>
            <translation>red</translation>
        </message>
        <message>
            <source>telefono</source>
            <translation>phone</translation>
        </message>
        <message>
            <source>112 NUE</source>
            <translation>112 (NUE)</translation>
        </message>
        <message>
            <source>radio</source>
            <translation>radio</translation>
        </message>
        <message>
            <source>iniziativa</source>
            <translation>own initiative</translation>
        </message>
        <message>
            <source>sportello</source>
            <translation>front desk</translation>
        </message>
        <message>
            <source>videosorveglianza</source>
            <translation>video surveillance</translation>
        </message>
        <message>
            <source>riservato</source>
            <translation>reserved</translation>
        </message>
        <message>
            <source>condiviso</source>
            <translation>shared</translation>
        </message>
        <message>
            <source>pattuglia</source>
            <translation>patrol</translation>
        </message>
        <message>
            <source>auto</source>
            <translation>car</translation>
        </message>
        <message>
            <source>moto</source>
            <translation>motorbike</translation>
        </message>
        <message>
            <source>agente</source>
            <translation>officer</translation>
        </message>
        <message>
            <source>furgone</source>
            <translation>van</translation>
        </message>
        <message>
            <source>bicicletta</source>
            <translation>bicycle</translation>
        </message>
        <message>
            <source>libera</source>
            <translation>free</translation>
        </message>
        <message>
            <source>inviata</source>
            <translation>sent</translation>
        </message>
        <message>
            <source>in viaggio</source>
            <translation>en route</translation>
        </message>
        <message>
            <source>fuori servizio</source>
            <translation>out of service</translation>
        </message>
        <message>
            <source>richiesta</source>
            <translation>requested</translation>
        </message>
        <message>
            <source>annullata</source>
            <translation>cancelled</translation>
        </message>
        <message>
            <source>operatore</source>
            <translation>operator</translation>
        </message>
        <message>
            <source>coordinatore</source>
            <translation>coordinator</translation>
        </message>
        <message>
            <source>responsabile</source>
            <translation>supervisor</translation>
        </message>
        <message>
            <source>amministratore</source>
            <translation>administrator</translation>
        </message>
    </context>
    <context>
        <name>errors</name>
        <message>
            <source>{0} non è un archivio di Emergenza leggibile</source>
            <translation>{0} is not a readable Emergenza store</translation>
        </message>
        <message>
            <source>la destinazione non è una cartella: {0}</source>
            <translation>the destination is not a folder: {0}</translation>
        </message>
        <message>
            <source>impossibile scrivere la copia in {0}: {1}</source>
            <translation>cannot write the backup in {0}: {1}</translation>
        </message>
        <message>
            <source>impossibile aprire l'archivio {0}: {1}</source>
            <translation>cannot open the store {0}: {1}</translation>
        </message>
        <message>
            <source>l'archivio {0} è in uso (Emergenza è aperto?): chiudere il programma e riprovare</source>
            <translation>the store {0} is in use (is Emergenza open?): close the program and try again</translation>
        </message>
        <message>
            <source>impossibile bloccare l'archivio {0}: {1}</source>
            <translation>cannot lock the store {0}: {1}</translation>
        </message>
        <message>
            <source>{0} non è un archivio di Emergenza ({1})</source>
            <translation>{0} is not an Emergenza store ({1})</translation>
        </message>
        <message>
            <source>copia di sicurezza non trovata: {0}</source>
            <translation>backup not found: {0}</translation>
        </message>
        <message>
            <source>la copia e l'archivio sono lo stesso file: {0}</source>
            <translation>the backup and the store are the same file: {0}</translation>
        </message>
        <message>
            <source>non è un file: {0}</source>
            <translation>not a file: {0}</translation>
        </message>
        <message>
            <source>cartella dell'archivio inesistente: {0}</source>
            <translation>the store's folder does not exist: {0}</translation>
        </message>
        <message>
            <source>cartella non trovata: {0}</source>
            <translation>folder not found: {0}</translation>
        </message>
        <message>
            <source>la cifratura richiede il pacchetto opzionale SQLCipher: «pip install '{0}'»</source>
            <translation>encryption needs the optional SQLCipher package: “pip install '{0}'”</translation>
        </message>
        <message>
            <source>impossibile scrivere accanto all'archivio {0}: {1}</source>
            <translation>cannot write next to the store {0}: {1}</translation>
        </message>
        <message>
            <source>Archivio non trovato: {0}. Una nuova postazione si crea con «emergenza init» (o con la prima configurazione dell'app).</source>
            <translation>Store not found: {0}. A new station is created with “emergenza init” (or with the app's first-time setup).</translation>
        </message>
        <message>
            <source>{0} non è un archivio di Emergenza.</source>
            <translation>{0} is not an Emergenza store.</translation>
        </message>
        <message>
            <source>Nessuna password sullo standard input.</source>
            <translation>No password on standard input.</translation>
        </message>
        <message>
            <source>Nessun terminale da cui chiedere la password: usare --password-stdin.</source>
            <translation>No terminal to ask for the password: use --password-stdin.</translation>
        </message>
        <message>
            <source>Le due password non coincidono: nulla è stato cambiato.</source>
            <translation>The two passwords do not match: nothing was changed.</translation>
        </message>
        <message>
            <source>Il file da scrivere deve finire in {0}: {1}</source>
            <translation>The file to write must end in {0}: {1}</translation>
        </message>
        <message>
            <source>Cartella inesistente: {0}</source>
            <translation>Folder does not exist: {0}</translation>
        </message>
        <message>
            <source>File non trovato: {0}</source>
            <translation>File not found: {0}</translation>
        </message>
        <message>
            <source>Archivio non trovato: {0}</source>
            <translation>Store not found: {0}</translation>
        </message>
        <message>
            <source>Data non valida per {0}: «{1}» (usare AAAA-MM-GG).</source>
            <translation>Invalid date for {0}: “{1}” (use YYYY-MM-DD).</translation>
        </message>
        <message>
            <source>Anno non valido: «{0}» (da 1970 a 2100).</source>
            <translation>Invalid year: “{0}” (1970 to 2100).</translation>
        </message>
        <message>
            <source>Indicare --shift oppure --day/--unit, non entrambi.</source>
            <translation>Give --shift or --day/--unit, not both.</translation>
        </message>
        <message>
            <source>Indicare --shift ID oppure --day AAAA-MM-GG.</source>
            <translation>Give --shift ID or --day YYYY-MM-DD.</translation>
        </message>
        <message>
            <source>L'esportazione è in CSV: il file deve finire in .csv ({0}).</source>
            <translation>The export is CSV: the file name must end in .csv ({0}).</translation>
        </message>
        <message>
            <source>La data finale precede quella iniziale.</source>
            <translation>The end date is before the start date.</translation>
        </message>
        <message>
            <source>Tipologia sconosciuta: {0}</source>
            <translation>Unknown event type: {0}</translation>
        </message>
        <message>
            <source>Codice di priorità sconosciuto: {0} (ammessi: {1})</source>
            <translation>Unknown priority code: {0} (allowed: {1})</translation>
        </message>
        <message>
            <source>Comune non trovato in Lombardia: {0}</source>
            <translation>Municipality not found in Lombardy: {0}</translation>
        </message>
        <message>
            <source>Canale sconosciuto: {0} (ammessi: {1})</source>
            <translation>Unknown channel: {0} (allowed: {1})</translation>
        </message>
        <message>
            <source>{0}: il file non è in UTF-8.</source>
            <translation>{0}: the file is not in UTF-8.</translation>
        </message>
        <message>
            <source>Categoria sconosciuta: {0}</source>
            <translation>Unknown category: {0}</translation>
        </message>
        <message>
            <source>Unità «{0}» non trovata.</source>
            <translation>Unit “{0}” not found.</translation>
        </message>
        <message>
            <source>Nessuna modifica indicata (--kind, --call-sign, --plate, --radio, --notes).</source>
            <translation>No change given (--kind, --call-sign, --plate, --radio, --notes).</translation>
        </message>
        <message>
            <source>File non importato: {0}</source>
            <translation>File not imported: {0}</translation>
        </message>
        <message>
            <source>dati non validi</source>
            <translation>invalid data</translation>
        </message>
        <message>
            <source>riga {0}: {1}</source>
            <translation>line {0}: {1}</translation>
        </message>
        <message>
            <source>Nessuna unità importata. {0}</source>
            <translation>No units imported. {0}</translation>
        </message>
        <message>
            <source>Operazione non consentita: serve il ruolo «{0}» o superiore.</source>
            <translation>Operation not allowed: it needs the “{0}” role or higher.</translation>
        </message>
        <message>
            <source>Postazione di sola consultazione (osservatore): non si possono fare modifiche.</source>
            <translation>View-only station (observer): no changes can be made.</translation>
        </message>
        <message>
            <source>File delle aree non valido: {0}</source>
            <translation>Invalid areas file: {0}</translation>
        </message>
        <message>
            <source>Passaggio di stato non consentito: da «{0}» a «{1}».</source>
            <translation>Status change not allowed: from “{0}” to “{1}”.</translation>
        </message>
        <message>
            <source>Passaggio non consentito per l'unità: da «{0}» a «{1}».</source>
            <translation>Step not allowed for the unit: from “{0}” to “{1}”.</translation>
        </message>
        <message>
            <source>allarme CAP prodotto</source>
            <translation>generated CAP alert</translation>
        </message>
        <message>
            <source>{0}: allarme con stato «{1}»: si importano solo allarmi reali (Actual) o di esercitazione (Exercise).</source>
            <translation>{0}: alert with status “{1}”: only real (Actual) or exercise (Exercise) alerts are imported.</translation>
        </message>
        <message>
            <source>{0}: messaggio CAP di tipo «{1}»: non descrive un evento.</source>
            <translation>{0}: CAP message of type “{1}”: it does not describe an event.</translation>
        </message>
        <message>
            <source>{0}: l'allarme non ha alcun elemento «info».</source>
            <translation>{0}: the alert has no “info” element.</translation>
        </message>
        <message>
            <source>{0}: l'allarme non indica il luogo (elemento «area»).</source>
            <translation>{0}: the alert does not give the place (“area” element).</translation>
        </message>
        <message>
            <source>{0}: il luogo dell'allarme non è un comune della Lombardia (geocode ISTAT o areaDesc).</source>
            <translation>{0}: the place of the alert is not a municipality of Lombardy (ISTAT geocode or areaDesc).</translation>
        </message>
        <message>
            <source>{0}: coordinate non valide in «area»: «{1}».</source>
            <translation>{0}: invalid coordinates in “area”: “{1}”.</translation>
        </message>
        <message>
            <source>l'elemento principale è «{0}», non «alert»</source>
            <translation>the root element is “{0}”, not “alert”</translation>
        </message>
        <message>
            <source>namespace errato «{0}»: serve «{1}» (CAP 1.2)</source>
            <translation>wrong namespace “{0}”: “{1}” is required (CAP 1.2)</translation>
        </message>
        <message>
            <source>documento non verificabile ({0})</source>
            <translation>document cannot be validated ({0})</translation>
        </message>
        <message>
            <source>{0}: documento CAP 1.2 non valido: {1}.</source>
            <translation>{0}: invalid CAP 1.2 document: {1}.</translation>
        </message>
        <message>
            <source>in «{0}» manca l'elemento obbligatorio «{1}» (riga {2})</source>
            <translation>the required element “{1}” is missing in “{0}” (line {2})</translation>
        </message>
        <message>
            <source>elemento «{0}» inatteso alla riga {1}: prima serve «{2}»</source>
            <translation>unexpected element “{0}” on line {1}: “{2}” must come first</translation>
        </message>
        <message>
            <source>elemento «{0}» non ammesso alla riga {1}</source>
            <translation>element “{0}” not allowed on line {1}</translation>
        </message>
        <message>
            <source>data e ora non valida in «{0}»: «{1}» (serve AAAA-MM-GGThh:mm:ss+hh:mm, riga {2})</source>
            <translation>invalid date and time in “{0}”: “{1}” (YYYY-MM-DDThh:mm:ss+hh:mm is required, line {2})</translation>
        </message>
        <message>
            <source>valore «{0}» non ammesso in «{1}» (riga {2})</source>
            <translation>value “{0}” not allowed in “{1}” (line {2})</translation>
        </message>
        <message>
            <source>{0}: file troppo grande ({1} KB, al massimo {2} KB).</source>
            <translation>{0}: file too large ({1} KB, at most {2} KB).</translation>
        </message>
        <message>
            <source>{0}: non è un documento XML leggibile ({1}).</source>
            <translation>{0}: not a readable XML document ({1}).</translation>
        </message>
        <message>
            <source>{0}: documento vuoto.</source>
            <translation>{0}: empty document.</translation>
        </message>
        <message>
            <source>{0}: il documento dichiara un DOCTYPE, non ammesso.</source>
            <translation>{0}: the document declares a DOCTYPE, which is not allowed.</translation>
        </message>
        <message>
            <source>{0}: data e ora non valida in «{1}»: «{2}» (serve AAAA-MM-GGThh:mm:ss+hh:mm).</source>
            <translation>{0}: invalid date and time in “{1}”: “{2}” (YYYY-MM-DDThh:mm:ss+hh:mm is required).</translation>
        </message>
        <message>
            <source>messaggio EMSI prodotto</source>
            <translation>generated EMSI message</translation>
        </message>
        <message>
            <source>{0}: JSON non leggibile ({1}).</source>
            <translation>{0}: unreadable JSON ({1}).</translation>
        </message>
        <message>
            <source>{0}: namespace inatteso «{1}»: l'EMSI si scrive senza namespace.</source>
            <translation>{0}: unexpected namespace “{1}”: EMSI is written without a namespace.</translation>
        </message>
        <message>
            <source>{0}: l'elemento principale è «{1}», non «EMSI».</source>
            <translation>{0}: the root element is “{1}”, not “EMSI”.</translation>
        </message>
        <message>
            <source>{0}: manca l'elemento obbligatorio «{1}» in «{2}».</source>
            <translation>{0}: the required element “{1}” is missing in “{2}”.</translation>
        </message>
        <message>
            <source>{0}: valore «{1}» non ammesso in «{2}».</source>
            <translation>{0}: value “{1}” not allowed in “{2}”.</translation>
        </message>
        <message>
            <source>{0}: non è un messaggio EMSI.</source>
            <translation>{0}: not an EMSI message.</translation>
        </message>
        <message>
            <source>{0}: la missione «{1}» cita la risorsa «{2}», assente da RESOURCE.</source>
            <translation>{0}: the mission “{1}” names the resource “{2}”, which is missing from RESOURCE.</translation>
        </message>
        <message>
            <source>{0}: il luogo dell'evento non è un comune della Lombardia (codice ISTAT in EVENT/EGEO/POSITION/LOC_ID).</source>
            <translation>{0}: the place of the event is not a municipality of Lombardy (ISTAT code in EVENT/EGEO/POSITION/LOC_ID).</translation>
        </message>
        <message>
            <source>{0}: coordinate non valide in EVENT/EGEO.</source>
            <translation>{0}: invalid coordinates in EVENT/EGEO.</translation>
        </message>
        <message>
            <source>L'intervento {0} è riservato: si esportano solo gli interventi condivisi (usare --riservati per esportarlo).</source>
            <translation>Event {0} is reserved: only shared events are exported (use --riservati to export it).</translation>
        </message>
        <message>
            <source>{0}: annullamento di un allarme mai importato ({1}): niente da annullare.</source>
            <translation>{0}: cancellation of an alert never imported ({1}): nothing to cancel.</translation>
        </message>
        <message>
            <source>{0}: {1}</source>
            <translation>{0}: {1}</translation>
        </message>
        <message>
            <source>Impossibile scrivere {0}: {1}</source>
            <translation>Cannot write {0}: {1}</translation>
        </message>
        <message>
            <source>Impossibile leggere {0}: {1}</source>
            <translation>Cannot read {0}: {1}</translation>
        </message>
        <message>
            <source>Errore imprevisto: {0}</source>
            <translation>Unexpected error: {0}</translation>
        </message>
        <message>
            <source>File della mappa di base non trovato: {0}</source>
            <translation>Base map file not found: {0}</translation>
        </message>
        <message>
            <source>{0} non è un file MBTiles (servono le tabelle metadata e tiles).</source>
            <translation>{0} is not an MBTiles file (the metadata and tiles tables are required).</translation>
        </message>
        <message>
            <source>{0}: formato delle tessere «{1}» non supportato (servono immagini PNG o JPEG).</source>
            <translation>{0}: tile format “{1}” is not supported (PNG or JPEG images are required).</translation>
        </message>
        <message>
            <source>{0}: il file MBTiles non contiene tessere.</source>
            <translation>{0}: the MBTiles file contains no tiles.</translation>
        </message>
        <message>
            <source>Indicare un turno oppure un giorno per il brogliaccio.</source>
            <translation>Choose a shift or a day for the log.</translation>
        </message>
        <message>
            <source>Unità non trovata: {0}</source>
            <translation>Unit not found: {0}</translation>
        </message>
        <message>
            <source>File non leggibile: {0}</source>
            <translation>File not readable: {0}</translation>
        </message>
        <message>
            <source>Il brogliaccio di un'unità è per un giorno: indicare il giorno.</source>
            <translation>A unit's log covers one day: choose the day.</translation>
        </message>
        <message>
            <source>Il file di uscita deve finire in .pdf o .csv: {0}</source>
            <translation>The output file name must end in .pdf or .csv: {0}</translation>
        </message>
        <message>
            <source>{0} è una cartella, non un file.</source>
            <translation>{0} is a folder, not a file.</translation>
        </message>
        <message>
            <source>La cartella {0} non esiste.</source>
            <translation>The folder {0} does not exist.</translation>
        </message>
        <message>
            <source>Nell'archivio non ci sono turni.</source>
            <translation>The store has no shifts.</translation>
        </message>
        <message>
            <source>Turno non trovato: {0}</source>
            <translation>Shift not found: {0}</translation>
        </message>
        <message>
            <source>Periodo troppo lungo: al massimo 20 anni.</source>
            <translation>Period too long: 20 years at most.</translation>
        </message>
        <message>
            <source>Area non trovata.</source>
            <translation>Area not found.</translation>
        </message>
        <message>
            <source>la copia di sicurezza non è integra: {0}</source>
            <translation>the backup is not intact: {0}</translation>
        </message>
        <message>
            <source>la copia {0} è danneggiata: {1}</source>
            <translation>the backup {0} is damaged: {1}</translation>
        </message>
        <message>
            <source>Telecamera non trovata.</source>
            <translation>Camera not found.</translation>
        </message>
        <message>
            <source>Segnalazione del varco non trovata.</source>
            <translation>Gate hit not found.</translation>
        </message>
        <message>
            <source>Per questa segnalazione è già aperto un intervento.</source>
            <translation>An event is already open for this hit.</translation>
        </message>
        <message>
            <source>Il varco è fuori dal territorio della regione.</source>
            <translation>The gate is outside the region's territory.</translation>
        </message>
        <message>
            <source>Il livello {0} è usato da alcune tipologie: cambiarne prima la priorità.</source>
            <translation>Level {0} is used by some event types: change their priority first.</translation>
        </message>
        <message>
            <source>Tipologia {0} non trovata.</source>
            <translation>Event type {0} not found.</translation>
        </message>
        <message>
            <source>l'archivio {0} è già cifrato</source>
            <translation>the store {0} is already encrypted</translation>
        </message>
        <message>
            <source>l'archivio {0} non è cifrato</source>
            <translation>the store {0} is not encrypted</translation>
        </message>
        <message>
            <source>la chiave dell'archivio {0} non si trova</source>
            <translation>the key of the store {0} cannot be found</translation>
        </message>
        <message>
            <source>conversione dell'archivio {0} non riuscita: {1}</source>
            <translation>conversion of the store {0} failed: {1}</translation>
        </message>
        <message>
            <source>la copia convertita non è integra: {0}</source>
            <translation>the converted copy is not intact: {0}</translation>
        </message>
        <message>
            <source>la copia convertita non corrisponde all'archivio: {0}</source>
            <translation>the converted copy does not match the store: {0}</translation>
        </message>
        <message>
            <source>la copia convertita non è nella forma attesa: {0}</source>
            <translation>the converted copy is not in the expected form: {0}</translation>
        </message>
        <message>
            <source>Risorsa non trovata.</source>
            <translation>Unit not found.</translation>
        </message>
        <message>
            <source>L'unità {0} è ritirata.</source>
            <translation>Unit {0} is retired.</translation>
        </message>
        <message>
            <source>impossibile attivare il journal WAL su {0} (modalità: {1})</source>
            <translation>cannot enable the WAL journal on {0} (mode: {1})</translation>
        </message>
        <message>
            <source>connessione senza archivio principale</source>
            <translation>connection without a main store</translation>
        </message>
        <message>
            <source>impossibile aprire l'archivio {0}: non è un archivio SQLite, oppure è cifrato e la sua chiave non si trova (portachiavi del sistema o file {1})</source>
            <translation>cannot open the store {0}: it is not an SQLite store, or it is encrypted and its key cannot be found (system keyring or file {1})</translation>
        </message>
        <message>
            <source>l'archivio ha schema {0}, questa versione di Emergenza conosce fino a {1}: aggiornare il programma</source>
            <translation>the store has schema {0}, this version of Emergenza knows up to {1}: update the program</translation>
        </message>
        <message>
            <source>l'archivio {0} è danneggiato: {1}</source>
            <translation>the store {0} is damaged: {1}</translation>
        </message>
        <message>
            <source>{0} non è un archivio di Emergenza: non viene sovrascritto.</source>
            <translation>{0} is not an Emergenza store: it is not overwritten.</translation>
        </message>
        <message>
            <source>L'archivio {0} è collegato al server regionale: non viene sostituito nemmeno con --force.</source>
            <translation>The store {0} is enrolled with the regional server: it is not replaced, not even with --force.</translation>
        </message>
        <message>
            <source>L'archivio {0} contiene già {1} interventi: usare --force per sostituire un archivio dimostrativo.</source>
            <translation>The store {0} already holds {1} events: use --force to replace a demo store.</translation>
        </message>
        <message>
            <source>L'archivio {0} è già configurato per una postazione: non viene sostituito nemmeno con --force.</source>
            <translation>The store {0} is already set up for a station: it is not replaced, not even with --force.</translation>
        </message>
        <message>
            <source>L'archivio {0} contiene dati ({1} interventi, {2} unità, {3} operatori): non viene sostituito nemmeno con --force.</source>
            <translation>The store {0} holds data ({1} events, {2} units, {3} operators): it is not replaced, not even with --force.</translation>
        </message>
        <message>
            <source>Numero di interventi non valido: {0} (da 0 a {1}).</source>
            <translation>Invalid number of events: {0} (from 0 to {1}).</translation>
        </message>
        <message>
            <source>Codice postazione non valido: «{0}» (2-8 lettere o cifre, es. BG01).</source>
            <translation>Invalid station code: “{0}” (2-8 letters or digits, e.g. BG01).</translation>
        </message>
        <message>
            <source>Indicare il nome del comando (massimo 120 caratteri).</source>
            <translation>Enter the name of the corps (at most 120 characters).</translation>
        </message>
        <message>
            <source>impossibile scrivere l'archivio dimostrativo {0}: {1}</source>
            <translation>cannot write the demo store {0}: {1}</translation>
        </message>
        <message>
            <source>la cifratura dell'archivio richiede il pacchetto opzionale SQLCipher: installare con «pip install '{0}'»</source>
            <translation>encrypting the store needs the optional SQLCipher package: install it with “pip install '{0}'”</translation>
        </message>
        <message>
            <source>Intervento non trovato.</source>
            <translation>Event not found.</translation>
        </message>
        <message>
            <source>Intervento {0} non trovato.</source>
            <translation>Event {0} not found.</translation>
        </message>
        <message>
            <source>Annotazione non trovata.</source>
            <translation>Journal entry not found.</translation>
        </message>
        <message>
            <source>L'annotazione è già barrata.</source>
            <translation>The journal entry is already struck through.</translation>
        </message>
        <message>
            <source>Numero di interventi non valido: {0} (da 1 a {1}).</source>
            <translation>Invalid number of events: {0} (from 1 to {1}).</translation>
        </message>
        <message>
            <source>L'archivio {0} non è ancora configurato: completare la configurazione iniziale prima di un'esercitazione.</source>
            <translation>The store {0} is not set up yet: complete the initial setup before an exercise.</translation>
        </message>
        <message>
            <source>L'archivio {0} è già aperto da un altro programma (PID {1}): chiuderlo e riprovare.</source>
            <translation>The store {0} is already open in another program (PID {1}): close it and try again.</translation>
        </message>
        <message>
            <source>impossibile creare il file di blocco {0}: {1}</source>
            <translation>cannot create the lock file {0}: {1}</translation>
        </message>
        <message>
            <source>Operatore non trovato.</source>
            <translation>Operator not found.</translation>
        </message>
        <message>
            <source>Operatore «{0}» non trovato.</source>
            <translation>Operator “{0}” not found.</translation>
        </message>
        <message>
            <source>Nessuno può cambiare il proprio ruolo.</source>
            <translation>Nobody can change their own role.</translation>
        </message>
        <message>
            <source>Non è possibile disattivare sé stessi.</source>
            <translation>You cannot deactivate yourself.</translation>
        </message>
        <message>
            <source>L'operatore {0} è disattivato.</source>
            <translation>Operator {0} is deactivated.</translation>
        </message>
        <message>
            <source>L'operatore {0} non ha ancora una password: chiederla a un responsabile.</source>
            <translation>Operator {0} has no password yet: ask a supervisor to set one.</translation>
        </message>
        <message>
            <source>Troppi tentativi errati: riprovare tra {0} secondi.</source>
            <translation>Too many wrong attempts: try again in {0} seconds.</translation>
        </message>
        <message>
            <source>Password o PIN errato: riprovare tra {0} secondi.</source>
            <translation>Wrong password or PIN: try again in {0} seconds.</translation>
        </message>
        <message>
            <source>Password o PIN errato.</source>
            <translation>Wrong password or PIN.</translation>
        </message>
        <message>
            <source>È l'ultimo amministratore attivo: nominarne prima un altro.</source>
            <translation>This is the last active administrator: appoint another one first.</translation>
        </message>
        <message>
            <source>Indicare il nome della postazione.</source>
            <translation>Enter the station's name.</translation>
        </message>
        <message>
            <source>Nome della postazione troppo lungo (massimo {0} caratteri).</source>
            <translation>Station name too long ({0} characters at most).</translation>
        </message>
        <message>
            <source>Indicare il codice della postazione (es. BG01).</source>
            <translation>Enter the station's code (e.g. BG01).</translation>
        </message>
        <message>
            <source>Il codice va da 2 a 8 lettere o cifre e inizia con una lettera (es. BG01).</source>
            <translation>The code has 2 to 8 letters or digits and starts with a letter (e.g. BG01).</translation>
        </message>
        <message>
            <source>{0} è il codice predefinito, non quello di una postazione: indicare il codice assegnato a questa (es. BG01).</source>
            <translation>{0} is the default code, not a station's: enter the code assigned to this one (e.g. BG01).</translation>
        </message>
        <message>
            <source>Indicare il comando (es. Polizia Locale di Bergamo).</source>
            <translation>Enter the corps (e.g. Polizia Locale di Bergamo).</translation>
        </message>
        <message>
            <source>Nome del comando troppo lungo (massimo {0} caratteri).</source>
            <translation>Corps name too long ({0} characters at most).</translation>
        </message>
        <message>
            <source>{0} esiste già: non viene modificato (emergenza init crea soltanto un archivio nuovo).</source>
            <translation>{0} already exists: it is left unchanged (emergenza init only creates a new store).</translation>
        </message>
        <message>
            <source>Ci sono {0} modifiche non ancora inviate al server: sincronizzare prima di chiudere il turno, oppure indicare il motivo.</source>
            <translation>There are {0} changes not yet sent to the server: synchronise before closing the shift, or give the reason.</translation>
        </message>
        <message>
            <source>Turno non trovato o già chiuso.</source>
            <translation>Shift not found or already closed.</translation>
        </message>
        <message>
            <source>Solo l'operatore che ha effettuato l'accesso può prendere il turno.</source>
            <translation>Only the operator who signed in can take over the shift.</translation>
        </message>
        <message>
            <source>Impossibile leggere il file {0}: {1}</source>
            <translation>Cannot read the file {0}: {1}</translation>
        </message>
        <message>
            <source>Il file non contiene unità.</source>
            <translation>The file contains no units.</translation>
        </message>
        <message>
            <source>troppi campi ({0}, attesi {1}).</source>
            <translation>too many fields ({0}, {1} expected).</translation>
        </message>
        <message>
            <source>Troppe righe: al massimo {0} unità per file.</source>
            <translation>Too many lines: at most {0} units per file.</translation>
        </message>
        <message>
            <source>Colonna sconosciuta nell'intestazione: «{0}» (colonne: {1}).</source>
            <translation>Unknown column in the header: “{0}” (columns: {1}).</translation>
        </message>
        <message>
            <source>La prima riga deve nominare le colonne, almeno kind e call_sign (colonne: {0}).</source>
            <translation>The first line must name the columns, at least kind and call_sign (columns: {0}).</translation>
        </message>
        <message>
            <source>Colonna ripetuta nell'intestazione.</source>
            <translation>Column repeated in the header.</translation>
        </message>
        <message>
            <source>L'unità {0} è impegnata sull'intervento {1}: liberarla prima di ritirarla.</source>
            <translation>Unit {0} is busy on event {1}: free it before retiring it.</translation>
        </message>
        <message>
            <source>nominativo «{0}» già presente alla riga {1}.</source>
            <translation>call sign “{0}” already on line {1}.</translation>
        </message>
        <message>
            <source>esiste già una risorsa con il nominativo «{0}».</source>
            <translation>a unit with the call sign “{0}” already exists.</translation>
        </message>
        <message>
            <source>L'unità {0} appartiene a «{1}»: la modifica solo il suo comando.</source>
            <translation>Unit {0} belongs to “{1}”: only its corps can change it.</translation>
        </message>
        <message>
            <source>Lo stato della risorsa segue le assegnazioni.</source>
            <translation>The unit's status follows its assignments.</translation>
        </message>
        <message>
            <source>La risorsa è impegnata su un intervento.</source>
            <translation>The unit is busy on an event.</translation>
        </message>
        <message>
            <source>Un'assegnazione inizia come richiesta o inviata.</source>
            <translation>An assignment starts as requested or sent.</translation>
        </message>
        <message>
            <source>L'intervento {0} è chiuso: riaprirlo prima di assegnare.</source>
            <translation>Event {0} is closed: reopen it before assigning.</translation>
        </message>
        <message>
            <source>L'unità {0} appartiene a un altro comando ({1}): può assegnarla solo il suo comando.</source>
            <translation>Unit {0} belongs to another corps ({1}): only its corps can assign it.</translation>
        </message>
        <message>
            <source>L'unità {0} è fuori servizio.</source>
            <translation>Unit {0} is out of service.</translation>
        </message>
        <message>
            <source>L'unità {0} è già impegnata sull'intervento {1}.</source>
            <translation>Unit {0} is already busy on event {1}.</translation>
        </message>
        <message>
            <source>Assegnazione non trovata.</source>
            <translation>Assignment not found.</translation>
        </message>
        <message>
            <source>L'unità è già libera.</source>
            <translation>The unit is already free.</translation>
        </message>
        <message>
            <source>L'unità {0} è libera: inviarla normalmente.</source>
            <translation>Unit {0} is free: send it the normal way.</translation>
        </message>
        <message>
            <source>L'unità {0} è già su questo intervento.</source>
            <translation>Unit {0} is already on this event.</translation>
        </message>
        <message>
            <source>nessuna modifica confermata</source>
            <translation>no change acknowledged</translation>
        </message>
        <message>
            <source>Postazione non registrata sul server regionale: eseguire prima «emergenza enroll».</source>
            <translation>Station not enrolled on the regional server: run “emergenza enroll” first.</translation>
        </message>
        <message>
            <source>Server regionale non raggiungibile ({0}): {1}</source>
            <translation>Regional server unreachable ({0}): {1}</translation>
        </message>
        <message>
            <source>nessuna risposta</source>
            <translation>no answer</translation>
        </message>
        <message>
            <source>Il server regionale ha rifiutato la postazione ({0}): registrarla di nuovo.</source>
            <translation>The regional server refused this station ({0}): enroll it again.</translation>
        </message>
        <message>
            <source>Registrazione rifiutata dal server: {0}</source>
            <translation>Enrollment refused by the server: {0}</translation>
        </message>
        <message>
            <source>Il server regionale ha rifiutato la richiesta ({0}): {1}</source>
            <translation>The regional server refused the request ({0}): {1}</translation>
        </message>
        <message>
            <source>Errore del server regionale ({0}): si riproverà più tardi. {1}</source>
            <translation>Regional server error ({0}): will retry later. {1}</translation>
        </message>
        <message>
            <source>Risposta non valida dal server regionale: {0}</source>
            <translation>Invalid answer from the regional server: {0}</translation>
        </message>
        <message>
            <source>Errore imprevisto durante la sincronizzazione: {0}</source>
            <translation>Unexpected error during sync: {0}</translation>
        </message>
        <message>
            <source>Il codice postazione {0} è già usato da un'altra postazione della regione: sceglierne un altro (emergenza enroll --station-code CODICE). {1}</source>
            <translation>The station code {0} is already used by another station of the region: choose another one (emergenza enroll --station-code CODE). {1}</translation>
        </message>
        <message>
            <source>l'intervento {0} non è ancora arrivato</source>
            <translation>event {0} has not arrived yet</translation>
        </message>
        <message>
            <source>l'unità {0} non è ancora arrivata</source>
            <translation>unit {0} has not arrived yet</translation>
        </message>
        <message>
            <source>la riga che modifica non è ancora arrivata</source>
            <translation>the row it changes has not arrived yet</translation>
        </message>
        <message>
            <source>valore già usato da un'altra riga ({0})</source>
            <translation>value already used by another row ({0})</translation>
        </message>
        <message>
            <source>Conflitto non trovato.</source>
            <translation>Conflict not found.</translation>
        </message>
        <message>
            <source>Il conflitto è già stato risolto.</source>
            <translation>The conflict has already been resolved.</translation>
        </message>
        <message>
            <source>Il dato del conflitto non esiste più.</source>
            <translation>The record of the conflict no longer exists.</translation>
        </message>
        <message>
            <source>Questo valore non si cambia da qui: usare i comandi dell'intervento o dell'unità.</source>
            <translation>This value cannot be changed from here: use the commands of the event or of the unit.</translation>
        </message>
    </context>
    <context>
        <name>geojson</name>
        <message>
            <source>Elemento {0}: {1}</source>
            <translation>Feature {0}: {1}</translation>
        </message>
        <message>
            <source>Elemento {0} («{1}»): {2}</source>
            <translation>Feature {0} (“{1}”): {2}</translation>
        </message>
        <message>
            <source>coordinate del poligono mancanti o non valide</source>
            <translation>polygon coordinates missing or invalid</translation>
        </message>
        <message>
            <source>anello {0}: coordinate non valide</source>
            <translation>ring {0}: invalid coordinates</translation>
        </message>
        <message>
            <source>anello {0}: servono almeno 4 punti</source>
            <translation>ring {0}: at least 4 points are required</translation>
        </message>
        <message>
            <source>anello {0}: non è chiuso (primo e ultimo punto diversi)</source>
            <translation>ring {0}: not closed (first and last point differ)</translation>
        </message>
        <message>
            <source>coordinate fuori scala (lon {0}, lat {1}): servono gradi WGS 84</source>
            <translation>coordinates out of range (lon {0}, lat {1}): WGS 84 degrees are required</translation>
        </message>
        <message>
            <source>latitudine e longitudine invertite? (lon {0}, lat {1})</source>
            <translation>latitude and longitude swapped? (lon {0}, lat {1})</translation>
        </message>
        <message>
            <source>punto fuori dal territorio (lon {0}, lat {1})</source>
            <translation>point outside the territory (lon {0}, lat {1})</translation>
        </message>
        <message>
            <source>il poligono ha area nulla</source>
            <translation>the polygon has no area</translation>
        </message>
        <message>
            <source>non è un elemento GeoJSON ("type": "Feature")</source>
            <translation>not a GeoJSON feature ("type": "Feature")</translation>
        </message>
        <message>
            <source>le proprietà devono essere un oggetto</source>
            <translation>the properties must be an object</translation>
        </message>
        <message>
            <source>manca il nome (proprietà «nome» o «name»)</source>
            <translation>the name is missing (property “nome” or “name”)</translation>
        </message>
        <message>
            <source>manca la geometria</source>
            <translation>the geometry is missing</translation>
        </message>
        <message>
            <source>geometria di tipo «{0}»: sono ammessi solo Polygon e MultiPolygon</source>
            <translation>geometry of type “{0}”: only Polygon and MultiPolygon are allowed</translation>
        </message>
        <message>
            <source>il file non è JSON valido (riga {0}, colonna {1})</source>
            <translation>the file is not valid JSON (line {0}, column {1})</translation>
        </message>
        <message>
            <source>il file non contiene una FeatureCollection GeoJSON</source>
            <translation>the file does not contain a GeoJSON FeatureCollection</translation>
        </message>
        <message>
            <source>sistema di riferimento «{0}» non supportato: esportare in WGS 84 (EPSG:4326)</source>
            <translation>coordinate reference system “{0}” not supported: export in WGS 84 (EPSG:4326)</translation>
        </message>
        <message>
            <source>il file non contiene aree</source>
            <translation>the file contains no areas</translation>
        </message>
        <message>
            <source>troppe aree in un file ({0}, al massimo {1})</source>
            <translation>too many areas in one file ({0}, at most {1})</translation>
        </message>
    </context>
    <context>
        <name>journal</name>
        <message>
            <source>Unità {0}: annullata, già impegnata su un altro intervento.</source>
            <translation>Unit {0}: cancelled, already busy on another event.</translation>
        </message>
    </context>
    <context>
        <name>territory</name>
        <message>
            <source>Area «{0}»: {1} interventi nelle ultime {2} ore (soglia {3}).</source>
            <translation>Area “{0}”: {1} events in the last {2} hours (threshold {3}).</translation>
        </message>
        <message>
            <source>Varco «{0}»: targa {1} ({2}).</source>
            <translation>Gate “{0}”: plate {1} ({2}).</translation>
        </message>
        <message>
            <source>{0} area a rischio: {1}</source>
            <translation>{0} at-risk area: {1}</translation>
        </message>
        <message>
            <source>modalità non indicata</source>
            <translation>method not given</translation>
        </message>
    </context>
    <context>
        <name>validation</name>
        <message>
            <source>Disegnare o importare il perimetro dell'area.</source>
            <translation>Draw or import the area's perimeter.</translation>
        </message>
        <message>
            <source>Perimetro troppo complesso.</source>
            <translation>Perimeter too complex.</translation>
        </message>
        <message>
            <source>Perimetro non valido.</source>
            <translation>Invalid perimeter.</translation>
        </message>
        <message>
            <source>Perimetro non chiuso.</source>
            <translation>Perimeter not closed.</translation>
        </message>
        <message>
            <source>Perimetro fuori dal territorio.</source>
            <translation>Perimeter outside the territory.</translation>
        </message>
        <message>
            <source>Il perimetro ha area nulla.</source>
            <translation>The perimeter encloses no area.</translation>
        </message>
        <message>
            <source>Indicare il nome dell'area.</source>
            <translation>Enter the area's name.</translation>
        </message>
        <message>
            <source>Nome troppo lungo.</source>
            <translation>Name too long.</translation>
        </message>
        <message>
            <source>Categoria dell'area sconosciuta.</source>
            <translation>Unknown area category.</translation>
        </message>
        <message>
            <source>Note troppo lunghe.</source>
            <translation>Notes too long.</translation>
        </message>
        <message>
            <source>La regola di sorveglianza vuole sia il numero di interventi sia le ore.</source>
            <translation>The watch rule needs both the number of events and the hours.</translation>
        </message>
        <message>
            <source>Numero di interventi della regola fuori intervallo (1…1000).</source>
            <translation>The rule's number of events is out of range (1…1000).</translation>
        </message>
        <message>
            <source>Ore della regola fuori intervallo (1…744).</source>
            <translation>The rule's hours are out of range (1…744).</translation>
        </message>
        <message>
            <source>Indicare il nome.</source>
            <translation>Enter the name.</translation>
        </message>
        <message>
            <source>Tipo sconosciuto (telecamera o varco).</source>
            <translation>Unknown kind (camera or gate).</translation>
        </message>
        <message>
            <source>Proprietario sconosciuto (comando, comune o privato).</source>
            <translation>Unknown owner (corps, municipality or private).</translation>
        </message>
        <message>
            <source>Stato sconosciuto.</source>
            <translation>Unknown status.</translation>
        </message>
        <message>
            <source>Coordinate fuori dal territorio (gradi WGS 84).</source>
            <translation>Coordinates outside the territory (WGS 84 degrees).</translation>
        </message>
        <message>
            <source>Direzione troppo lunga.</source>
            <translation>Direction too long.</translation>
        </message>
        <message>
            <source>Testo troppo lungo.</source>
            <translation>Text too long.</translation>
        </message>
        <message>
            <source>Indicare data e ora di ricezione valide.</source>
            <translation>Enter a valid date and time of reception.</translation>
        </message>
        <message>
            <source>Scegliere il canale di ricezione.</source>
            <translation>Choose the channel the call came in on.</translation>
        </message>
        <message>
            <source>Per una chiamata dal 112 NUE indicare l'identificativo del contatto.</source>
            <translation>For a call from 112 (NUE) enter the contact id.</translation>
        </message>
        <message>
            <source>Identificativo del contatto NUE non valido (3-40 lettere o cifre).</source>
            <translation>Invalid NUE contact id (3-40 letters or digits).</translation>
        </message>
        <message>
            <source>Scegliere la tipologia dell'intervento.</source>
            <translation>Choose the event type.</translation>
        </message>
        <message>
            <source>Tipologia sconosciuta.</source>
            <translation>Unknown event type.</translation>
        </message>
        <message>
            <source>Scegliere il codice di priorità.</source>
            <translation>Choose the priority code.</translation>
        </message>
        <message>
            <source>Indicare il comune.</source>
            <translation>Enter the municipality.</translation>
        </message>
        <message>
            <source>Comune non presente nell'elenco ISTAT della Lombardia.</source>
            <translation>Municipality not in the ISTAT list of Lombardy.</translation>
        </message>
        <message>
            <source>Indirizzo troppo lungo (massimo 200 caratteri).</source>
            <translation>Address too long (at most 200 characters).</translation>
        </message>
        <message>
            <source>Indicare l'indirizzo o le coordinate del luogo.</source>
            <translation>Enter the address or the coordinates of the place.</translation>
        </message>
        <message>
            <source>Numero di telefono non valido.</source>
            <translation>Invalid phone number.</translation>
        </message>
        <message>
            <source>Nome troppo lungo (massimo 120 caratteri).</source>
            <translation>Name too long (at most 120 characters).</translation>
        </message>
        <message>
            <source>Descrivere brevemente l'accaduto.</source>
            <translation>Briefly describe what happened.</translation>
        </message>
        <message>
            <source>Descrizione troppo lunga (massimo 4000 caratteri).</source>
            <translation>Description too long (at most 4000 characters).</translation>
        </message>
        <message>
            <source>Indicare se l'intervento è riservato o condiviso.</source>
            <translation>Say whether the event is reserved or shared.</translation>
        </message>
        <message>
            <source>Valore non valido per «esercitazione».</source>
            <translation>Invalid value for “exercise”.</translation>
        </message>
        <message>
            <source>Esito troppo lungo (massimo 4000 caratteri).</source>
            <translation>Outcome too long (at most 4000 characters).</translation>
        </message>
        <message>
            <source>Indicare sia la latitudine sia la longitudine.</source>
            <translation>Enter both latitude and longitude.</translation>
        </message>
        <message>
            <source>Latitudine fuori dal territorio (attesa tra 35 e 48).</source>
            <translation>Latitude outside the territory (expected between 35 and 48).</translation>
        </message>
        <message>
            <source>Longitudine fuori dal territorio (attesa tra 6 e 19).</source>
            <translation>Longitude outside the territory (expected between 6 and 19).</translation>
        </message>
        <message>
            <source>L'annotazione è vuota.</source>
            <translation>The journal entry is empty.</translation>
        </message>
        <message>
            <source>Annotazione troppo lunga (massimo 4000 caratteri).</source>
            <translation>Journal entry too long (at most 4000 characters).</translation>
        </message>
        <message>
            <source>Indicare il motivo per cui si barra l'annotazione.</source>
            <translation>Give the reason for striking the entry through.</translation>
        </message>
        <message>
            <source>Tipo di risorsa sconosciuto.</source>
            <translation>Unknown kind of unit.</translation>
        </message>
        <message>
            <source>Nominativo radio mancante o non valido (massimo 30 caratteri).</source>
            <translation>Radio call sign missing or invalid (at most 30 characters).</translation>
        </message>
        <message>
            <source>Targa troppo lunga (massimo 40 caratteri).</source>
            <translation>Plate too long (at most 40 characters).</translation>
        </message>
        <message>
            <source>Canale radio troppo lungo (massimo 40 caratteri).</source>
            <translation>Radio channel too long (at most 40 characters).</translation>
        </message>
        <message>
            <source>Note troppo lunghe (massimo 4000 caratteri).</source>
            <translation>Notes too long (at most 4000 characters).</translation>
        </message>
        <message>
            <source>Indicare il nome dell'operatore.</source>
            <translation>Enter the operator's name.</translation>
        </message>
        <message>
            <source>Ruolo sconosciuto.</source>
            <translation>Unknown role.</translation>
        </message>
        <message>
            <source>Equipaggio non valido.</source>
            <translation>Invalid crew.</translation>
        </message>
        <message>
            <source>Al massimo 12 agenti per equipaggio.</source>
            <translation>At most 12 officers per crew.</translation>
        </message>
        <message>
            <source>Indicare il nome di ogni agente.</source>
            <translation>Enter the name of every officer.</translation>
        </message>
        <message>
            <source>Matricola troppo lunga (massimo 20 caratteri).</source>
            <translation>Badge number too long (at most 20 characters).</translation>
        </message>
        <message>
            <source>Indicare una password o un PIN.</source>
            <translation>Enter a password or a PIN.</translation>
        </message>
        <message>
            <source>Password o PIN troppo corto (almeno 4 caratteri).</source>
            <translation>Password or PIN too short (at least 4 characters).</translation>
        </message>
        <message>
            <source>Password troppo lunga (massimo 128 caratteri).</source>
            <translation>Password too long (at most 128 characters).</translation>
        </message>
        <message>
            <source>Elenco degli enti avvisati non valido.</source>
            <translation>Invalid list of notified agencies.</translation>
        </message>
        <message>
            <source>Ente sconosciuto.</source>
            <translation>Unknown agency.</translation>
        </message>
        <message>
            <source>La scala deve avere almeno un livello.</source>
            <translation>The scale must have at least one level.</translation>
        </message>
        <message>
            <source>Codice non valido (lettere, cifre, . _ -; massimo 40).</source>
            <translation>Invalid code (letters, digits, . _ -; at most 40).</translation>
        </message>
        <message>
            <source>Codice ripetuto.</source>
            <translation>Repeated code.</translation>
        </message>
        <message>
            <source>Indicare un nome (massimo 40 caratteri).</source>
            <translation>Enter a name (at most 40 characters).</translation>
        </message>
        <message>
            <source>Colore non valido (atteso #rrggbb).</source>
            <translation>Invalid colour (#rrggbb expected).</translation>
        </message>
        <message>
            <source>Soglia di allarme tra 30 secondi e 24 ore.</source>
            <translation>Alert threshold between 30 seconds and 24 hours.</translation>
        </message>
        <message>
            <source>Ogni livello deve avere un ordine di urgenza diverso.</source>
            <translation>Each level must have a different order of urgency.</translation>
        </message>
        <message>
            <source>Indicare un nome (massimo 120 caratteri).</source>
            <translation>Enter a name (at most 120 characters).</translation>
        </message>
        <message>
            <source>Tipologia principale inesistente.</source>
            <translation>The parent type does not exist.</translation>
        </message>
        <message>
            <source>Codice di priorità non presente nella scala.</source>
            <translation>Priority code not in the scale.</translation>
        </message>
        <message>
            <source>Tipologia principale non valida: forma un ciclo.</source>
            <translation>Invalid parent type: it forms a cycle.</translation>
        </message>
        <message>
            <source>Protocollo troppo lungo (massimo 4000 caratteri).</source>
            <translation>Protocol too long (at most 4000 characters).</translation>
        </message>
        <message>
            <source>Un intervento non può essere collegato a sé stesso.</source>
            <translation>An event cannot be linked to itself.</translation>
        </message>
        <message>
            <source>L'evento scelto è a sua volta collegato a un evento principale.</source>
            <translation>The chosen event is itself linked to a parent event.</translation>
        </message>
        <message>
            <source>L'intervento è un evento principale: ha già interventi collegati.</source>
            <translation>The event is a parent event: it already has linked events.</translation>
        </message>
        <message>
            <source>Condivisione non valida.</source>
            <translation>Invalid sharing.</translation>
        </message>
        <message>
            <source>Codice già in uso.</source>
            <translation>Code already in use.</translation>
        </message>
        <message>
            <source>Campo sconosciuto.</source>
            <translation>Unknown field.</translation>
        </message>
        <message>
            <source>Tipologia dismessa.</source>
            <translation>This event type is retired.</translation>
        </message>
        <message>
            <source>Evento principale inesistente.</source>
            <translation>The parent event does not exist.</translation>
        </message>
        <message>
            <source>Esiste già un operatore con questo nome.</source>
            <translation>An operator with this name already exists.</translation>
        </message>
        <message>
            <source>Indicare perché il turno si chiude con modifiche non inviate.</source>
            <translation>Say why the shift is closed with changes not sent.</translation>
        </message>
        <message>
            <source>Esiste già una risorsa con questo nominativo.</source>
            <translation>A unit with this call sign already exists.</translation>
        </message>
    </context>
    <context>
        <name>widget</name>
        <message>
            <source>Non condivise: {0} · In quarantena: {1} · In attesa: {2}</source>
            <translation>Not shared: {0} · In quarantine: {1} · Waiting: {2}</translation>
        </message>
    </context>
</TS>
