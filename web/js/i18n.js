// i18n.js: the portal's words in Dutch and English. The signed-in user's
// language decides; before sign-in, the choice on the sign-in page
// (remembered in localStorage), else the browser's. The Dutch labels are
// the seeds' own terms (Adresboek, Gebruikers, Nummerweergave, Werkgever...).
export const LANGS = ['nl', 'en'];
const KEY = 'sb.lang';

const en = {
  'nav.label': 'Main menu', 'nav.org': 'Organization', 'nav.logout': 'Sign out',
  'nav.self': 'My account', 'nav.me': 'My settings', 'nav.admin': 'Administration', 'nav.users': 'Users',
  'nav.contacts': 'Address book', 'nav.companies': 'Companies', 'nav.groups': 'Permission groups',
  'nav.telephony': 'Telephony', 'nav.numbers': 'Numbers', 'nav.extensions': 'Extensions',
  'nav.hunt_groups': 'Hunt groups & queues', 'nav.control': 'Control', 'nav.audit': 'Audit log',
  'lang.nl': 'Nederlands', 'lang.en': 'English',
  'login.title': 'Sign in', 'login.login': 'Email or login name', 'login.password': 'Password',
  'login.submit': 'Sign in', 'login.forgot': 'Forgot your password?', 'login.language': 'Language',
  'login.second_title': 'Two-step verification', 'login.second_intro': 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.',
  'login.code': 'Code', 'login.code_hint': '6 digits, or a recovery code', 'login.verify': 'Verify',
  'login.back': 'Back to sign in', 'login.signed_out': 'You are signed out.',
  'forgot.title': 'Forgot password', 'forgot.intro': 'Enter your email address. If it belongs to an account, we send a link to set a new password.',
  'forgot.submit': 'Send link', 'forgot.sent': 'If this address belongs to an account, a link to set a new password is on its way.',
  'password.set_title': 'Set your password', 'password.set_intro': 'Choose the password you will sign in with.',
  'password.new': 'New password', 'password.repeat': 'Repeat the new password', 'password.set': 'Set password',
  'password.policy': 'At least 8 characters with a digit, a lower-case and an upper-case letter; not easy to guess and not your name.',
  'password.mismatch': 'The two passwords are not the same.', 'password.done': 'Your password is set. Sign in with it.',
  'password.change_title': 'Change password', 'password.change_intro': 'Your administrator set your password: choose your own before you continue.',
  'password.current': 'Current password', 'password.change': 'Change password', 'password.changed': 'Your password is changed.',
  'password.must_change': 'The user must change it at the first sign-in.',
  'tfa.title': 'Two-step verification', 'tfa.forced': 'Your organization requires two-step verification. Set it up to continue.',
  'tfa.step1': 'Install an authenticator app on your phone.', 'tfa.step2': 'Scan the QR code with it, or type the key.',
  'tfa.step3': 'Enter the 6-digit code the app shows.', 'tfa.qr_alt': 'QR code to scan with your authenticator app',
  'tfa.secret': 'Key:', 'tfa.code': 'Code from the app', 'tfa.confirm': 'Turn on',
  'tfa.on': 'Two-step verification is on.', 'tfa.codes': 'Recovery codes',
  'tfa.codes_intro': 'Keep these codes somewhere safe. Each signs you in once when you do not have your phone. They are shown only now.',
  'tfa.enabled': 'On', 'tfa.disabled': 'Off', 'tfa.missing': 'Required, not set up', 'tfa.setup': 'Set up two-step verification',
  'tfa.left': '{n} recovery codes left.', 'tfa.reset': 'Reset two-step verification', 'tfa.reset_done': 'Two-step verification is reset.',
  'me.title': 'My settings',
  'tel.availability': 'Availability', 'tel.reachable': 'Reachable', 'tel.destination': 'Reachable on',
  'tel.none': '— none —', 'tel.forward': 'Forward to', 'tel.app': 'App account', 'tel.desk': 'VoIP account',
  'tel.now_reachable': 'You are reachable.', 'tel.now_unreachable': 'You are not reachable.',
  'tel.no_destinations': 'There is no destination yet: an administrator adds a VoIP or app account or a forward.',
  'tel.extensions': 'Extensions', 'tel.no_extensions': 'No extension yet.', 'tel.add_extension': 'New extension',
  'tel.accounts': 'VoIP and app accounts', 'tel.add_desk': 'Add VoIP account', 'tel.add_app': 'Add app account',
  'tel.kind': 'Kind', 'tel.username': 'SIP username', 'tel.enabled': 'Enabled', 'tel.disabled': 'Disabled',
  'tel.enable': 'Enable', 'tel.disable': 'Disable', 'tel.reset_secret': 'New secret', 'tel.no_accounts': 'No accounts yet.',
  'tel.secret_title': 'Account credentials', 'tel.secret': 'Secret',
  'tel.aliases': 'SIP aliases', 'tel.aliases_intro': 'Sub-identities of this user with their own name and credentials, for example "John Support" on line 2 of a phone; they can join hunt groups and queues.',
  'tel.add_alias': 'Add SIP alias', 'tel.alias_ext_hint': 'Optional; "auto" takes the next free one.', 'tel.sip_address': 'SIP address', 'tel.no_aliases': 'No aliases.',
  'tel.callerid_title': 'Caller ID and numbers', 'tel.caller_id': 'Caller ID', 'tel.caller_id_hint': 'Empty: the number defined in the trunk.',
  'tel.trunk_default': 'Trunk default', 'tel.effective_caller_id': 'Outbound calls show', 'tel.reachable_numbers': 'Phone numbers that ring this user',
  'tel.no_numbers': 'The organization has no numbers yet.', 'tel.forwards': 'Forwards (outside numbers)', 'tel.forwards_hint': 'One number per line.',
  'tel.ctd_title': 'Click-to-dial', 'tel.ctd_account': 'Click-to-dial account', 'tel.same_as_availability': 'Same as availability',
  'tel.auto_answer': 'Auto-answer', 'tel.fallback': 'Use the mobile number when no VoIP call can be set up to the app',
  'tel.fallback_number': 'Mobile number for the app fallback', 'tel.voicemail': 'Voicemail', 'tel.vm_enabled': 'Voicemail on',
  'tel.vm_box': 'Mailbox number', 'tel.vm_pin': 'New PIN', 'tel.vm_pin_hint': '4 to 12 digits', 'tel.vm_pin_set': 'A PIN is set; leave empty to keep it.',
  'tel.vm_email': 'Notify by email', 'tel.moh': 'Music on hold', 'tel.moh_hint': 'default, silence, or the URL of a stream',
  'tel.prompts': 'Language of prompts', 'tel.e911': 'Emergency address (e911)', 'tel.house_number': 'House number', 'tel.save_settings': 'Save telephony',
  'users.title': 'Users', 'users.new': 'New user', 'users.new_intro': 'Name, email and an extension are enough; the rest can follow.',
  'users.search_hint': 'Name, email or login name', 'users.none_found': 'No user matches.',
  'users.more_personal': 'Personal details', 'users.more_work': 'Work', 'users.more_account': 'Login name and groups',
  'users.created': '{name} is created.',
  'user.tabs': 'Sections', 'user.send_invite': 'Send an invitation to set a password', 'user.set_password': 'Set a password now',
  'user.suspend': 'Suspend', 'user.resume': 'Resume', 'user.restore': 'Restore', 'user.delete': 'Delete user',
  'user.suspended': 'The user is suspended.', 'user.resumed': 'The user can sign in again.', 'user.restored': 'The user is restored.',
  'user.deleted': 'The user is deleted.', 'user.history': 'History',
  'user.delete_title': 'Delete {name}?', 'user.delete_warning': 'This cannot be undone: the user can no longer sign in or make calls, and after the retention period everything is removed for good. Suspend the user instead if you may need it again.',
  'user.delete_type': 'Type the email address {email} to confirm', 'user.delete_mismatch': 'This is not the user\'s email address.',
  'user.suspend_instead': 'Suspend instead', 'user.password_set': 'Set', 'user.password_not_set': 'Not set yet',
  'user.new_password': 'New password (optional)', 'user.invited_text': 'The user was invited and has not set a password yet.',
  'user.reinvite': 'Send the invitation again', 'user.invite_sent': 'The invitation is sent.',
  'user.rights': 'Effective rights', 'user.rights_intro': 'The union of the rights of the user\'s groups.',
  'user.end_sessions': 'Sign out everywhere', 'user.sessions_ended': 'All sessions of the user are ended.',
  'tab.general': 'General', 'tab.work': 'Work', 'tab.account': 'User account', 'tab.telephony': 'Telephony', 'tab.security': 'Language & security',
  'field.name': 'Name', 'field.salutation': 'Salutation', 'field.first_name': 'First name', 'field.infix': 'Infix', 'field.last_name': 'Last name',
  'field.email': 'Email', 'field.phone': 'Phone number', 'field.mobile': 'Mobile number', 'field.job_title': 'Job title',
  'field.employer': 'Employer', 'field.employer_hint': 'Type a name; a new one is added with "add \'…\'".',
  'field.work_phone': 'Work phone', 'field.work_email': 'Work email', 'field.web': 'Website', 'field.street': 'Street',
  'field.postal_code': 'Postal code', 'field.city': 'City', 'field.country': 'Country', 'field.notes': 'Notes',
  'field.login_name': 'Login name', 'field.password': 'Password', 'field.groups': 'Permission groups', 'field.language': 'Language',
  'field.timezone': 'Time zone', 'field.status': 'Status', 'field.extension': 'Extension', 'field.extension_hint': 'The next free one is filled in.',
  'field.label': 'Label', 'field.display_name': 'Display name', 'field.description': 'Description', 'field.last_login': 'Last sign-in',
  'status.active': 'Active', 'status.invited': 'Invited', 'status.suspended': 'Suspended', 'status.deleted': 'Deleted', 'status.all': 'All',
  'group.admin': 'Admin', 'group.account_management': 'Account management', 'group.call_details': 'Call details', 'group.end_user': 'End user',
  'contacts.title': 'Address book', 'contacts.new': 'New person', 'contacts.new_intro': 'A person of the address book; make a login for it afterwards.',
  'contacts.created': '{name} is added to the address book.', 'contacts.login': 'Login', 'contacts.has_login': 'User',
  'contacts.has_login_text': 'This person has a login.', 'contacts.open_user': 'Open the user', 'contacts.no_login': 'This person cannot sign in yet.',
  'contacts.make_login': 'Make login name', 'contacts.delete': 'Delete person', 'contacts.delete_confirm': 'Delete {name} from the address book?',
  'companies.title': 'Companies', 'companies.new': 'New company',
  'companies.delete': 'Delete company', 'companies.persons': 'Persons', 'companies.no_persons': 'Nobody in the address book works here.',
  'groups.title': 'Permission groups', 'groups.intro': 'A user\'s rights are the union of its groups; a change applies to every member at once.',
  'groups.right': 'Right', 'groups.members': '{n} members', 'groups.tfa': 'Two-step verification required', 'groups.new': 'New group',
  'numbers.title': 'Numbers', 'numbers.intro': 'The organization\'s phone numbers (DIDs).', 'numbers.number': 'Number',
  'extensions.title': 'Extensions', 'extensions.intro': 'Internal numbers of users, SIP aliases and hunt groups.', 'extensions.owner': 'Owner', 'extensions.type': 'Type',
  'owner.user': 'User', 'owner.alias': 'SIP alias', 'owner.hunt_group': 'Hunt group',
  'hunt.title': 'Hunt groups & queues', 'hunt.intro': 'Ring several users or SIP aliases on one number.', 'hunt.new': 'New hunt group',
  'hunt.kind': 'Kind', 'hunt.group': 'Hunt group', 'hunt.queue': 'ACD queue', 'hunt.strategy': 'Strategy',
  'hunt.ring_all': 'Ring all', 'hunt.round_robin': 'Round robin', 'hunt.linear': 'In order', 'hunt.members': 'Members',
  'hunt.no_members': 'No members yet.', 'hunt.add_member': 'Add member', 'hunt.user': 'User', 'hunt.as': 'As',
  'hunt.ext_hint': '"auto" takes the next free one; empty: none.', 'hunt.delete': 'Delete',
  'org.country_hint': 'Two capitals, like NL', 'org.password_policy': 'Password policy', 'org.range': '{n} to {m}',
  'org.pw_min_length': 'Minimum length', 'org.pw_history': 'Passwords remembered', 'org.pw_history_hint': 'A new password must differ from this many previous ones (0 to 24).',
  'org.pw_min_entropy': 'Minimum strength (bits)', 'org.pw_min_entropy_hint': 'How hard to guess, estimated; 0: not checked (0 to 128).',
  'org.pw_classes': 'A password contains at least', 'org.pw_digit': 'one digit', 'org.pw_lower': 'one lower-case letter (a-z)',
  'org.pw_upper': 'one upper-case letter (A-Z)', 'org.pw_symbol': 'one symbol', 'org.pw_personal': 'A password must not contain the user\'s name, login name or email',
  'org.two_factor': 'Two-step verification required for every user', 'org.ext_length': 'Extension length', 'org.ext_prefix': 'Extensions start with',
  'org.ext_prefix_hint': 'Digits, or empty; shorter than the length.', 'org.caller_id_mode': 'Caller ID follows',
  'org.cid_user': 'the user', 'org.cid_device': 'the phone account', 'org.trunk_caller_id': 'Trunk default caller ID',
  'org.retention_title': 'Deleted users', 'org.retention_days': 'Kept for (days)', 'org.retention_hint': 'A deleted user can be restored this long; then it is removed for good (1 to 3650).',
  'audit.title': 'Audit log', 'audit.intro': 'Every change: who, what, when, which fields.', 'audit.when': 'When', 'audit.actor': 'By',
  'audit.action': 'Action', 'audit.object': 'Object', 'audit.changes': 'Fields',
  'list.search': 'Search', 'list.search_go': 'Search', 'list.filter': 'Filter', 'list.empty': 'Nothing here yet.',
  'list.next': 'Next', 'list.prev': 'Previous', 'list.pages': 'Pages',
  'action.save': 'Save', 'action.cancel': 'Cancel', 'action.modify': 'Modify', 'action.create': 'Create', 'action.add': 'Add',
  'action.remove': 'Remove', 'action.ok': 'OK', 'action.done': 'Done', 'action.continue': 'Continue',
  'combo.add': 'add \'{name}\'', 'combo.added': '{name} will be added',
  'form.fix': 'Please correct the marked fields.', 'form.warnings': 'Note', 'error.generic': 'Something went wrong.',
  'secret.once': 'Copy these now: the secret is shown only once.', 'saved': 'Saved.',
  'forbidden.title': 'No access', 'forbidden.text': 'Your permission groups do not give you access to this page.',
  'notfound.title': 'Page not found', 'notfound.text': 'There is nothing at this address.',
  'perm.orgs.read': 'See the organization and the ones below it', 'perm.orgs.write': 'Change organization settings',
  'perm.modules.write': 'Change modules and turn them off', 'perm.modules.enable': 'Turn modules on', 'perm.users.read': 'See users',
  'perm.users.write': 'Create, change and remove users', 'perm.contacts.read': 'See the address book', 'perm.contacts.write': 'Change the address book',
  'perm.groups.read': 'See permission groups', 'perm.groups.write': 'Change permission groups', 'perm.audit.read': 'See the audit trail',
  'perm.invoices.read': 'See invoice data', 'perm.telephony.read': 'See numbers, extensions and accounts',
  'perm.telephony.write': 'Change numbers, extensions and accounts', 'perm.calls.read_all': 'See all call details',
  'perm.calls.read_own': 'See own call history', 'perm.destination.write_own': 'Change own destination', 'perm.media.write_own': 'Manage own media',
};

const nl = {
  'nav.label': 'Hoofdmenu', 'nav.org': 'Organisatie', 'nav.logout': 'Uitloggen',
  'nav.self': 'Mijn account', 'nav.me': 'Mijn instellingen', 'nav.admin': 'Beheer', 'nav.users': 'Gebruikers',
  'nav.contacts': 'Adresboek', 'nav.companies': 'Bedrijven', 'nav.groups': 'Rechtengroepen',
  'nav.telephony': 'Telefonie', 'nav.numbers': 'Nummers', 'nav.extensions': 'Toestelnummers',
  'nav.hunt_groups': 'Belgroepen & wachtrijen', 'nav.control': 'Controle', 'nav.audit': 'Logboek',
  'lang.nl': 'Nederlands', 'lang.en': 'English',
  'login.title': 'Inloggen', 'login.login': 'E-mail of loginnaam', 'login.password': 'Wachtwoord',
  'login.submit': 'Inloggen', 'login.forgot': 'Wachtwoord vergeten?', 'login.language': 'Taal',
  'login.second_title': 'Twee-staps verificatie', 'login.second_intro': 'Vul de 6-cijferige code uit je authenticator-app in, of een van je herstelcodes.',
  'login.code': 'Code', 'login.code_hint': '6 cijfers, of een herstelcode', 'login.verify': 'Controleren',
  'login.back': 'Terug naar inloggen', 'login.signed_out': 'Je bent uitgelogd.',
  'forgot.title': 'Wachtwoord vergeten', 'forgot.intro': 'Vul je e-mailadres in. Hoort het bij een account, dan sturen we een link om een nieuw wachtwoord in te stellen.',
  'forgot.submit': 'Link versturen', 'forgot.sent': 'Als dit adres bij een account hoort, is er een link onderweg om een nieuw wachtwoord in te stellen.',
  'password.set_title': 'Stel je wachtwoord in', 'password.set_intro': 'Kies het wachtwoord waarmee je inlogt.',
  'password.new': 'Nieuw wachtwoord', 'password.repeat': 'Herhaal het nieuwe wachtwoord', 'password.set': 'Wachtwoord instellen',
  'password.policy': 'Minimaal 8 karakters met 1 cijfer, 1 kleine letter en 1 hoofdletter; niet makkelijk te raden en niet je naam.',
  'password.mismatch': 'De twee wachtwoorden zijn niet gelijk.', 'password.done': 'Je wachtwoord is ingesteld. Log ermee in.',
  'password.change_title': 'Wachtwoord wijzigen', 'password.change_intro': 'Je beheerder heeft je wachtwoord ingesteld: kies eerst je eigen wachtwoord.',
  'password.current': 'Huidig wachtwoord', 'password.change': 'Wachtwoord wijzigen', 'password.changed': 'Je wachtwoord is gewijzigd.',
  'password.must_change': 'De gebruiker moet het bij de eerste keer inloggen wijzigen.',
  'tfa.title': 'Twee-staps verificatie', 'tfa.forced': 'Je organisatie vereist twee-staps verificatie. Stel die in om verder te gaan.',
  'tfa.step1': 'Installeer een authenticator-app op je telefoon.', 'tfa.step2': 'Scan de QR-code ermee, of typ de sleutel over.',
  'tfa.step3': 'Vul de 6-cijferige code in die de app toont.', 'tfa.qr_alt': 'QR-code om te scannen met je authenticator-app',
  'tfa.secret': 'Sleutel:', 'tfa.code': 'Code uit de app', 'tfa.confirm': 'Aanzetten',
  'tfa.on': 'Twee-staps verificatie staat aan.', 'tfa.codes': 'Herstelcodes',
  'tfa.codes_intro': 'Bewaar deze codes op een veilige plek. Met elke code log je eenmaal in als je je telefoon niet bij de hand hebt. Ze worden alleen nu getoond.',
  'tfa.enabled': 'Aan', 'tfa.disabled': 'Uit', 'tfa.missing': 'Verplicht, niet ingesteld', 'tfa.setup': 'Twee-staps verificatie instellen',
  'tfa.left': 'Nog {n} herstelcodes.', 'tfa.reset': 'Twee-staps verificatie resetten', 'tfa.reset_done': 'Twee-staps verificatie is gereset.',
  'me.title': 'Mijn instellingen',
  'tel.availability': 'Beschikbaarheid', 'tel.reachable': 'Bereikbaar', 'tel.destination': 'Bereikbaar op',
  'tel.none': '— geen —', 'tel.forward': 'Doorschakelen naar', 'tel.app': 'App account', 'tel.desk': 'VoIP account',
  'tel.now_reachable': 'Je bent bereikbaar.', 'tel.now_unreachable': 'Je bent niet bereikbaar.',
  'tel.no_destinations': 'Er is nog geen eindbestemming: een beheerder voegt een VoIP- of app account of een doorschakeling toe.',
  'tel.extensions': 'Toestelnummers', 'tel.no_extensions': 'Nog geen toestelnummer.', 'tel.add_extension': 'Nieuw toestelnummer',
  'tel.accounts': 'VoIP en app accounts', 'tel.add_desk': 'VoIP account toevoegen', 'tel.add_app': 'App account toevoegen',
  'tel.kind': 'Soort', 'tel.username': 'SIP-gebruikersnaam', 'tel.enabled': 'Actief', 'tel.disabled': 'Uitgeschakeld',
  'tel.enable': 'Inschakelen', 'tel.disable': 'Uitschakelen', 'tel.reset_secret': 'Nieuw wachtwoord', 'tel.no_accounts': 'Nog geen accounts.',
  'tel.secret_title': 'Gegevens van het account', 'tel.secret': 'Wachtwoord',
  'tel.aliases': 'SIP-aliassen', 'tel.aliases_intro': 'Sub-identiteiten van deze gebruiker met een eigen naam en inloggegevens, bijvoorbeeld "Jan Support" op lijn 2 van een toestel; ze kunnen lid zijn van belgroepen en wachtrijen.',
  'tel.add_alias': 'SIP-alias toevoegen', 'tel.alias_ext_hint': 'Optioneel; "auto" neemt het eerstvolgende vrije.', 'tel.sip_address': 'SIP-adres', 'tel.no_aliases': 'Geen aliassen.',
  'tel.callerid_title': 'Nummerweergave en nummers', 'tel.caller_id': 'Nummerweergave', 'tel.caller_id_hint': 'Leeg: het nummer dat in de trunk is ingesteld.',
  'tel.trunk_default': 'Standaard van de trunk', 'tel.effective_caller_id': 'Uitgaande gesprekken tonen', 'tel.reachable_numbers': 'Telefoonnummers waarop de gebruiker bereikbaar is',
  'tel.no_numbers': 'De organisatie heeft nog geen nummers.', 'tel.forwards': 'Doorschakelingen (externe nummers)', 'tel.forwards_hint': 'Eén nummer per regel.',
  'tel.ctd_title': 'Klik-en-bel', 'tel.ctd_account': 'Klik-en-bel account', 'tel.same_as_availability': 'Zet gelijk aan beschikbaarheid',
  'tel.auto_answer': 'Auto-beantwoord', 'tel.fallback': 'Gebruik mobiel nummer wanneer er geen VoIP gesprek opgezet kan worden',
  'tel.fallback_number': 'Mobiel nummer voor de app', 'tel.voicemail': 'Voicemail', 'tel.vm_enabled': 'Voicemail aan',
  'tel.vm_box': 'Voicemailboxnummer', 'tel.vm_pin': 'Nieuwe pincode', 'tel.vm_pin_hint': '4 tot 12 cijfers', 'tel.vm_pin_set': 'Er is een pincode; laat leeg om die te houden.',
  'tel.vm_email': 'Melding per e-mail', 'tel.moh': 'Wachtmuziek', 'tel.moh_hint': 'default, silence, of de URL van een stream',
  'tel.prompts': 'Taal van de meldingen', 'tel.e911': 'Noodadres (e911)', 'tel.house_number': 'Huisnummer', 'tel.save_settings': 'Telefonie opslaan',
  'users.title': 'Gebruikers', 'users.new': 'Nieuwe gebruiker', 'users.new_intro': 'Naam, e-mail en een toestelnummer zijn genoeg; de rest kan later.',
  'users.search_hint': 'Naam, e-mail of loginnaam', 'users.none_found': 'Geen gebruiker gevonden.',
  'users.more_personal': 'Persoonsgegevens', 'users.more_work': 'Werk', 'users.more_account': 'Loginnaam en groepen',
  'users.created': '{name} is aangemaakt.',
  'user.tabs': 'Onderdelen', 'user.send_invite': 'Stuur een link om het wachtwoord in te stellen', 'user.set_password': 'Zelf een wachtwoord instellen',
  'user.suspend': 'Blokkeren', 'user.resume': 'Deblokkeren', 'user.restore': 'Terugzetten', 'user.delete': 'Gebruiker verwijderen',
  'user.suspended': 'De gebruiker is geblokkeerd.', 'user.resumed': 'De gebruiker kan weer inloggen.', 'user.restored': 'De gebruiker is teruggezet.',
  'user.deleted': 'De gebruiker is verwijderd.', 'user.history': 'Geschiedenis',
  'user.delete_title': '{name} verwijderen?', 'user.delete_warning': 'Dit kan niet ongedaan worden gemaakt: de gebruiker kan niet meer inloggen of bellen, en na de bewaartermijn is alles definitief weg. Blokkeer de gebruiker als je hem misschien nog nodig hebt.',
  'user.delete_type': 'Typ het e-mailadres {email} om te bevestigen', 'user.delete_mismatch': 'Dit is niet het e-mailadres van de gebruiker.',
  'user.suspend_instead': 'Liever blokkeren', 'user.password_set': 'Ingesteld', 'user.password_not_set': 'Nog niet ingesteld',
  'user.new_password': 'Nieuw wachtwoord (optioneel)', 'user.invited_text': 'De gebruiker is uitgenodigd en heeft nog geen wachtwoord ingesteld.',
  'user.reinvite': 'Uitnodiging opnieuw sturen', 'user.invite_sent': 'De uitnodiging is verstuurd.',
  'user.rights': 'Rechten', 'user.rights_intro': 'De gezamenlijke rechten uit alle groepen van de gebruiker.',
  'user.end_sessions': 'Overal uitloggen', 'user.sessions_ended': 'Alle sessies van de gebruiker zijn beëindigd.',
  'tab.general': 'Algemeen', 'tab.work': 'Werk', 'tab.account': 'Gebruikersaccount', 'tab.telephony': 'Telefonie', 'tab.security': 'Taal en beveiliging',
  'field.name': 'Naam', 'field.salutation': 'Aanspreektitel', 'field.first_name': 'Voornaam', 'field.infix': 'Tussenvoegsel', 'field.last_name': 'Achternaam',
  'field.email': 'E-mail', 'field.phone': 'Telefoonnummer', 'field.mobile': 'Mobiel nummer', 'field.job_title': 'Functie',
  'field.employer': 'Werkgever', 'field.employer_hint': 'Typ een naam; een nieuwe voeg je toe met "voeg \'…\' toe".',
  'field.work_phone': 'Telefoon werk', 'field.work_email': 'E-mail werk', 'field.web': 'Website', 'field.street': 'Straat',
  'field.postal_code': 'Postcode', 'field.city': 'Plaats', 'field.country': 'Land', 'field.notes': 'Notities',
  'field.login_name': 'Loginnaam', 'field.password': 'Wachtwoord', 'field.groups': 'Rechtengroepen', 'field.language': 'Taal',
  'field.timezone': 'Tijdzone', 'field.status': 'Status', 'field.extension': 'Toestelnummer', 'field.extension_hint': 'Het eerstvolgende vrije nummer is ingevuld.',
  'field.label': 'Omschrijving', 'field.display_name': 'Weergavenaam', 'field.description': 'Omschrijving', 'field.last_login': 'Laatst ingelogd',
  'status.active': 'Actief', 'status.invited': 'Uitgenodigd', 'status.suspended': 'Geblokkeerd', 'status.deleted': 'Verwijderd', 'status.all': 'Alle',
  'group.admin': 'Beheer', 'group.account_management': 'Accountbeheer', 'group.call_details': 'Gespreksdetails', 'group.end_user': 'Eindgebruiker',
  'contacts.title': 'Adresboek', 'contacts.new': 'Nieuw persoon', 'contacts.new_intro': 'Een persoon in het adresboek; maak daarna een loginnaam aan.',
  'contacts.created': '{name} staat in het adresboek.', 'contacts.login': 'Login', 'contacts.has_login': 'Gebruiker',
  'contacts.has_login_text': 'Deze persoon heeft een login.', 'contacts.open_user': 'Open de gebruiker', 'contacts.no_login': 'Deze persoon kan nog niet inloggen.',
  'contacts.make_login': 'Maak loginnaam aan', 'contacts.delete': 'Persoon verwijderen', 'contacts.delete_confirm': '{name} uit het adresboek verwijderen?',
  'companies.title': 'Bedrijven', 'companies.new': 'Nieuw bedrijf',
  'companies.delete': 'Bedrijf verwijderen', 'companies.persons': 'Personen', 'companies.no_persons': 'Niemand in het adresboek werkt hier.',
  'groups.title': 'Rechtengroepen', 'groups.intro': 'De gezamenlijke rechten uit alle groepen zijn bepalend; een wijziging geldt voor alle leden tegelijk.',
  'groups.right': 'Recht', 'groups.members': '{n} leden', 'groups.tfa': 'Twee-staps verificatie verplicht', 'groups.new': 'Nieuwe groep',
  'numbers.title': 'Nummers', 'numbers.intro': 'De telefoonnummers van de organisatie.', 'numbers.number': 'Nummer',
  'extensions.title': 'Toestelnummers', 'extensions.intro': 'Interne nummers van gebruikers, SIP-aliassen en belgroepen.', 'extensions.owner': 'Eigenaar', 'extensions.type': 'Soort',
  'owner.user': 'Gebruiker', 'owner.alias': 'SIP-alias', 'owner.hunt_group': 'Belgroep',
  'hunt.title': 'Belgroepen & wachtrijen', 'hunt.intro': 'Laat meerdere gebruikers of SIP-aliassen op één nummer overgaan.', 'hunt.new': 'Nieuwe belgroep',
  'hunt.kind': 'Soort', 'hunt.group': 'Belgroep', 'hunt.queue': 'Wachtrij (ACD)', 'hunt.strategy': 'Strategie',
  'hunt.ring_all': 'Allemaal tegelijk', 'hunt.round_robin': 'Om de beurt', 'hunt.linear': 'Op volgorde', 'hunt.members': 'Leden',
  'hunt.no_members': 'Nog geen leden.', 'hunt.add_member': 'Lid toevoegen', 'hunt.user': 'Gebruiker', 'hunt.as': 'Als',
  'hunt.ext_hint': '"auto" neemt het eerstvolgende vrije; leeg: geen.', 'hunt.delete': 'Verwijderen',
  'org.country_hint': 'Twee hoofdletters, zoals NL', 'org.password_policy': 'Wachtwoordbeleid', 'org.range': '{n} tot en met {m}',
  'org.pw_min_length': 'Minimale lengte', 'org.pw_history': 'Onthouden wachtwoorden', 'org.pw_history_hint': 'Een nieuw wachtwoord moet verschillen van zoveel vorige (0 tot en met 24).',
  'org.pw_min_entropy': 'Minimale sterkte (bits)', 'org.pw_min_entropy_hint': 'Hoe moeilijk te raden, geschat; 0: niet gecontroleerd (0 tot en met 128).',
  'org.pw_classes': 'Een wachtwoord bevat minstens', 'org.pw_digit': 'één cijfer', 'org.pw_lower': 'één kleine letter (a-z)',
  'org.pw_upper': 'één hoofdletter (A-Z)', 'org.pw_symbol': 'één symbool', 'org.pw_personal': 'Een wachtwoord mag de naam, loginnaam of het e-mailadres van de gebruiker niet bevatten',
  'org.two_factor': 'Twee-staps verificatie verplicht voor iedereen', 'org.ext_length': 'Lengte van toestelnummers', 'org.ext_prefix': 'Toestelnummers beginnen met',
  'org.ext_prefix_hint': 'Cijfers, of leeg; korter dan de lengte.', 'org.caller_id_mode': 'Nummerweergave volgt',
  'org.cid_user': 'de gebruiker', 'org.cid_device': 'het telefoonaccount', 'org.trunk_caller_id': 'Standaard nummerweergave van de trunk',
  'org.retention_title': 'Verwijderde gebruikers', 'org.retention_days': 'Bewaren (dagen)', 'org.retention_hint': 'Zo lang kan een verwijderde gebruiker worden teruggezet; daarna is hij definitief weg (1 tot en met 3650).',
  'audit.title': 'Logboek', 'audit.intro': 'Elke wijziging: wie, wat, wanneer, welke velden.', 'audit.when': 'Wanneer', 'audit.actor': 'Door',
  'audit.action': 'Actie', 'audit.object': 'Object', 'audit.changes': 'Velden',
  'list.search': 'Zoeken', 'list.search_go': 'Zoeken', 'list.filter': 'Filteren', 'list.empty': 'Hier staat nog niets.',
  'list.next': 'Volgende', 'list.prev': 'Vorige', 'list.pages': 'Pagina\'s',
  'action.save': 'Opslaan', 'action.cancel': 'Annuleren', 'action.modify': 'Wijzigen', 'action.create': 'Aanmaken', 'action.add': 'Toevoegen',
  'action.remove': 'Verwijderen', 'action.ok': 'Ok', 'action.done': 'Klaar', 'action.continue': 'Verder',
  'combo.add': 'voeg \'{name}\' toe', 'combo.added': '{name} wordt toegevoegd',
  'form.fix': 'Verbeter de gemarkeerde velden.', 'form.warnings': 'Let op', 'error.generic': 'Er ging iets mis.',
  'secret.once': 'Kopieer deze nu: het wachtwoord wordt maar één keer getoond.', 'saved': 'Opgeslagen.',
  'forbidden.title': 'Geen toegang', 'forbidden.text': 'Je rechtengroepen geven je geen toegang tot deze pagina.',
  'notfound.title': 'Pagina niet gevonden', 'notfound.text': 'Op dit adres staat niets.',
  'perm.orgs.read': 'De organisatie en die eronder inzien', 'perm.orgs.write': 'Instellingen van de organisatie wijzigen',
  'perm.modules.write': 'Modules wijzigen en uitzetten', 'perm.modules.enable': 'Modules aanzetten', 'perm.users.read': 'Gebruikers inzien',
  'perm.users.write': 'Gebruikers aanmaken, wijzigen en verwijderen', 'perm.contacts.read': 'Het adresboek inzien', 'perm.contacts.write': 'Het adresboek wijzigen',
  'perm.groups.read': 'Rechtengroepen inzien', 'perm.groups.write': 'Rechtengroepen wijzigen', 'perm.audit.read': 'Het logboek inzien',
  'perm.invoices.read': 'Factuurgegevens inzien', 'perm.telephony.read': 'Nummers, toestelnummers en accounts inzien',
  'perm.telephony.write': 'Nummers, toestelnummers en accounts wijzigen', 'perm.calls.read_all': 'Alle gespreksdetails inzien',
  'perm.calls.read_own': 'Eigen gesprekken inzien', 'perm.destination.write_own': 'Eigen bestemming wijzigen', 'perm.media.write_own': 'Eigen media beheren',
  // The API's field errors by code (errors[i].code), see errorText below.
  'err.required': '{label} is verplicht.', 'err.invalid': '{label} is niet geldig.', 'err.type': '{label} heeft niet de juiste vorm.',
  'err.taken': '{label} is al in gebruik.', 'err.too_long': '{label} is te lang.', 'err.too_many': '{label}: hoogstens {n}.',
  'err.read_only': '{label} kan niet worden gewijzigd.', 'err.invalid_email': '{label} is geen geldig e-mailadres.',
  'err.invalid_phone': '{label} is geen geldig telefoonnummer: geef het zoals je het belt, bijvoorbeeld 020 123 4567.',
  'err.invalid_text': '{label} bevat tekens die niet zijn toegestaan.', 'err.out_of_range': '{label} moet een heel getal van {n} tot en met {m} zijn.',
  'err.not_found': '{label} bestaat niet (meer).', 'err.wrong_password': 'Het wachtwoord is niet juist.',
  'err.wrong_code': 'De code is niet juist: vul de code in die de app nu toont.',
  'err.invalid_or_expired': 'De link is niet meer geldig: vraag een nieuwe aan.', 'err.weak': 'Dit is een van de eerste pincodes die iemand zou proberen.',
  'err.unknown_permission': 'Dit recht bestaat niet.', 'err.duplicate': 'Dit lid staat twee keer in de lijst.',
  'err.disabled': 'Dit SIP-account is uitgeschakeld.', 'err.empty': 'Het bestand is leeg.',
  'err.invalid_extension': 'Toestelnummers zijn hier {n} cijfers en beginnen met {p}.', 'err.invalid_extension.any': 'Toestelnummers zijn hier {n} cijfers.',
  'err.exhausted': 'Alle toestelnummers zijn bezet.',
  'err.extension_prefix.too_long': 'Het voorvoegsel moet korter zijn dan de lengte van een toestelnummer ({n}).',
  'err.extension_prefix.invalid': 'Het voorvoegsel bestaat alleen uit cijfers, of is leeg.',
  'err.trunk_caller_id.not_found': 'Kies een van de nummers van de organisatie.',
  'err.timezone.invalid': 'Geef een IANA-tijdzone, zoals Europe/Amsterdam.', 'err.country.invalid': 'Geef een landcode van twee hoofdletters, zoals NL.',
  // the password policy (src/domain/password.c)
  'err.too_short': 'Het wachtwoord moet minstens {n} tekens lang zijn.', 'err.needs_digit': 'Het wachtwoord moet minstens één cijfer bevatten.',
  'err.needs_lower': 'Het wachtwoord moet minstens één kleine letter (a-z) bevatten.', 'err.needs_upper': 'Het wachtwoord moet minstens één hoofdletter (A-Z) bevatten.',
  'err.needs_symbol': 'Het wachtwoord moet minstens één symbool bevatten, zoals ! ? - of een spatie.',
  'err.contains_personal': 'Het wachtwoord mag niet de {what} van de gebruiker bevatten.',
  'err.too_weak': 'Het wachtwoord is te makkelijk te raden. Gebruik een langere wachtzin, bijvoorbeeld vier of meer losse woorden.',
  'err.reused': 'Het wachtwoord moet verschillen van de laatste {n} wachtwoorden.', 'err.reused.one': 'Het wachtwoord moet verschillen van het vorige wachtwoord.',
  'err.password.too_long': 'Het wachtwoord is te lang (hoogstens {n} bytes).',
  'err.personal.email address': 'e-mailadres', 'err.personal.login name': 'loginnaam', 'err.personal.first name': 'voornaam',
  'err.personal.last name': 'achternaam', 'err.personal.or': 'of',
};

const dicts = { nl, en };
let current = (() => {
  const saved = localStorage.getItem(KEY);
  if (LANGS.includes(saved)) return saved;
  return (navigator.language || '').toLowerCase().startsWith('nl') ? 'nl' : 'en';
})();

export function lang() { return current; }
// remember: kept for the sign-in page (the user's own choice).
export function setLang(l, remember) {
  if (!LANGS.includes(l)) return;
  current = l;
  if (remember) localStorage.setItem(KEY, l);
  document.documentElement.lang = l;
}
export function t(key, vars) {
  let s = dicts[current][key] ?? en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
}

// The text of one API field error (e = {field, code, message}) in the UI's
// language: a translation of its code, with the field's label and the
// numbers the English message names, else the API's own (English) message.
// Field-specific keys (err.<field>.<code>) win over err.<code>.
export function errorText(e, label) {
  const d = dicts[current];
  const field = (e.field || '').split('.').pop();
  const msg = e.message || '';
  const vars = { label: label || '' };
  let key = `err.${e.code}`;
  if (d[`err.${field}.${e.code}`] !== undefined) key = `err.${field}.${e.code}`;
  else if (/password/.test(field) && d[`err.password.${e.code}`] !== undefined) key = `err.password.${e.code}`;
  let m;
  if ((m = msg.match(/from (-?\d+) to (-?\d+)/))) { vars.n = m[1]; vars.m = m[2]; }
  else if ((m = msg.match(/are (\d+) digits(?: starting with '?(\d+)'?)?/))) {
    vars.n = m[1];
    if (m[2]) vars.p = m[2]; else if (e.code === 'invalid_extension') key = 'err.invalid_extension.any';
  } else if ((m = msg.match(/(\d+)/))) vars.n = m[1];
  else if (e.code === 'reused') key = 'err.reused.one';
  if (e.code === 'contains_personal' && (m = msg.match(/user's (.+)\.$/))) {
    vars.what = m[1].split(/, | or /).map((w) => d[`err.personal.${w}`] ?? w)
      .reduce((acc, w, i, all) => (i === 0 ? w : `${acc}${i === all.length - 1 ? ` ${d['err.personal.or'] ?? 'or'} ` : ', '}${w}`), '');
  }
  const tpl = d[key];
  if (tpl === undefined) return msg;
  // a placeholder this error cannot fill: the API's message says it better
  for (const [, name] of tpl.matchAll(/\{(\w+)\}/g)) if (!vars[name]) return msg;
  return tpl.replace(/\{(\w+)\}/g, (_, name) => vars[name]);
}
