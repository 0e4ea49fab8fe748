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
  // The API's errors and warnings by code (errors[i].code), see errorText
  // below: each is one text or a list, the first whose {placeholders} the
  // error can fill wins; the last has none, so every code has words.
  // {label}: the field's label; {min} {max} {length} {prefix} {count}
  // {email} {line} {columns}: the error's params (from the API, or from
  // what the screen knows of the field); {field}: the API's field name.
  'err.required': ['{label} is required.', 'This field is required.'],
  'err.invalid': ['{label} is not valid.', 'This value is not valid.'],
  'err.type': ['{label} does not have the right form.', 'This value does not have the right form.'],
  'err.taken': ['{label} is already in use.', 'This value is already in use.'],
  'err.too_long': ['{label} is too long (at most {max} characters).', '{label} is too long.', 'This text is too long.'],
  'err.too_many': ['{label}: at most {max}.', '{label}: these are too many.', 'These are too many.'],
  'err.read_only': ['{label} cannot be changed.', 'This cannot be changed.'],
  'err.create_only': ['{label} can only be given when creating.', 'This can only be given when creating.'],
  'err.invalid_email': ['{label} is not a valid email address.', 'This is not a valid email address.'],
  'err.invalid_phone': ['{label} is not a valid phone number: give it as you dial it, for example 020 123 4567.', 'This is not a valid phone number: give it as you dial it, for example 020 123 4567.'],
  'err.invalid_text': ['{label} contains characters that are not allowed.', 'This text contains characters that are not allowed.'],
  'err.out_of_range': ['{label} must be a whole number from {min} to {max}.', '{label} is outside the allowed values.', 'This number is outside the allowed values.'],
  'err.not_found': ['{label} does not exist (any more).', 'This does not exist (any more).'],
  'err.unknown_field': ['Unknown field: {field}.', 'This field is not known.'],
  'err.conflict': 'Fill in one of the two, not both.',
  'err.mismatch': 'Confirm with the user\'s email address.',
  'err.wrong_password': 'The password is not correct.',
  'err.wrong_code': 'The code is not correct: enter the code the app shows now.',
  'err.invalid_or_expired': 'The link is not valid any more: ask for a new one.',
  'err.weak': 'This is one of the first PINs anyone would try.',
  'err.unknown_permission': 'This right does not exist.', 'err.duplicate': 'This member is in the list twice.',
  'err.disabled': 'This SIP account is disabled.', 'err.forbidden': 'You do not have the right to change this.',
  'err.invalid_parent': 'A customer cannot have organizations below it.',
  'err.invalid_extension': ['Extensions here have {length} digits and start with {prefix}.', 'Extensions here have {length} digits.', 'This extension does not fit the organization\'s rule.'],
  'err.exhausted': 'All extensions are taken.',
  'err.extension_prefix.too_long': ['The prefix must be shorter than an extension ({length} digits).', 'The prefix must be shorter than an extension.'],
  'err.extension_prefix.invalid': 'The prefix is digits only, or empty.',
  'err.trunk_caller_id.not_found': 'Choose one of the organization\'s numbers.',
  'err.timezone.invalid': 'Give an IANA time zone, such as Europe/Amsterdam.', 'err.country.invalid': 'Give a country code of two capitals, such as NL.',
  'err.invite.create_only': 'Send a new invitation with "Send the invitation again".',
  // the password policy (src/domain/password.c)
  'err.too_short': ['The password must be at least {min} characters long.', 'The password is too short.'],
  'err.needs_digit': 'The password must contain at least one digit.',
  'err.needs_lower': 'The password must contain at least one lower-case letter (a-z).', 'err.needs_upper': 'The password must contain at least one upper-case letter (A-Z).',
  'err.needs_symbol': 'The password must contain at least one symbol, such as ! ? - or a space.',
  'err.contains_personal': 'The password must not contain the user\'s name, login name or email address.',
  'err.too_weak': 'The password is too easy to guess. Use a longer passphrase, for example four or more separate words.',
  'err.reused': ['The password must differ from the last {count} passwords.', 'Choose a password you have not used before.'],
  'err.password.too_long': ['The password is too long (at most {max} bytes).', 'The password is too long.'],
  // importing users from a CSV file (src/domain/import.c)
  'err.empty': 'The file is empty: it needs a header line.',
  'err.malformed': ['Line {line}: a quoted field is not closed, or text follows its closing quote.', 'A quoted field is not closed, or text follows its closing quote.'],
  'err.too_many_fields': ['Line {line} has more fields than allowed.', 'A row has more fields than the header line, or than allowed.'],
  'err.unknown_columns': ['Unknown columns: {columns}.', 'The file has columns that are not known.'],
  'err.repeated_columns': ['Columns given twice: {columns}.', 'The file names a column twice.'],
  // warnings: the answer succeeded, with a tip
  'err.role_address': ['{email} looks like a shared role address. Personal addresses keep changes traceable to a person.', 'This looks like a shared role address. Personal addresses keep changes traceable to a person.'],
  // a whole answer that failed, by its code (src/**: diag_fail), with params
  'err.account_not_active': 'This account cannot sign in (it is invited, suspended or deleted).',
  'err.builtin_group': 'The four default groups cannot be deleted; change their rights instead.',
  'err.challenge_gone': 'This sign-in is not valid any more (it expired or was used): sign in again.',
  'err.code_used': 'This code has been used already: wait for the next one.',
  'err.code_wrong': 'The code is not correct.',
  'err.company_in_use': ['\'{company}\' is the employer of {count} people; give them another employer first.', 'This company is still someone\'s employer; give them another employer first.'],
  'err.extensions_exhausted': 'Every extension of this organization is taken.',
  'err.grant_beyond': ['You cannot grant rights you do not have yourself: {rights}.', 'You cannot grant rights you do not have yourself.'],
  'err.group_has_members': ['The group still has {count} members; take them out first.', 'The group still has members; take them out first.'],
  'err.group_rights_beyond': ['This group has rights you do not have ({rights}); someone who has them must change it.', 'This group has rights you do not have; someone who has them must change it.'],
  'err.idempotency_in_progress': 'A request with this Idempotency-Key is still being handled.',
  'err.import_stopped': 'The import was stopped.',
  'err.key_file_missing': 'The server has no key file loaded, so this cannot be done now.',
  'err.md5_unavailable': 'The server cannot compute SIP passwords (MD5 is missing).',
  'err.no_enrolment': 'There is nothing to confirm: set up two-step verification first.',
  'err.no_such_alias': 'This alias does not exist (any more).',
  'err.no_such_extension': ['Nothing here has the extension {extension}.', 'Nothing here has this extension.'],
  'err.no_such_number': ['Nothing here has the number {number}.', 'Nothing here has this number.'],
  'err.no_such_sip_account': 'This SIP account does not exist (any more), or may not sign in.',
  'err.no_such_user': 'This user does not exist (any more).',
  'err.org_has_children': ['Delete the {count} organizations below it first.', 'Delete the organizations below it first.'],
  'err.org_has_users': ['Delete its {count} users first.', 'Delete its users first.'],
  'err.own_availability_only': 'You may change only your own availability.',
  'err.own_org': 'You cannot delete your own organization.',
  'err.own_two_factor_reset': 'Turn your own two-step verification off under My settings.',
  'err.person_has_login': 'This person has a login already.',
  'err.person_login_deleted': 'This person\'s login was deleted but is kept so it can be restored; the person can go once it is removed for good.',
  'err.platform_org': 'The platform organization cannot be deleted.',
  'err.right_required': ['This needs the right \'{right}\'.', 'You do not have the right to do this.'],
  'err.rings_nobody': ['{number} rings nobody yet.', 'This number rings nobody yet.'],
  'err.secret_unreadable': 'The secret cannot be read with this server\'s key file; reset it.',
  'err.self_delete': 'You cannot delete yourself.',
  'err.self_suspend': 'You cannot suspend yourself.',
  'err.stale': 'Someone else changed this in the meantime: reload the page and make your change again.',
  'err.too_many_attempts': ['Too many attempts. Try again in {seconds} seconds.', 'Too many attempts: wait a moment and try again.'],
  'err.too_many_groups': ['An organization has at most {max} permission groups.', 'This organization has the most permission groups it may have.'],
  'err.too_many_sip_accounts': ['A user has at most {max} SIP accounts and aliases.', 'This user has the most SIP accounts it may have.'],
  'err.trunk_number': ['{number} is the default caller ID of the trunk; choose another one first.', 'This number is the default caller ID of the trunk; choose another one first.'],
  'err.two_factor_off': 'Two-step verification is not set up.',
  'err.two_factor_on': 'Two-step verification is on already.',
  'err.two_factor_required_here': 'Your organization requires two-step verification for you; it cannot be turned off.',
  'err.user_not_deleted': 'This user is not deleted.',
  'err.user_not_invited': 'Only a user who has not set a password yet can be invited again.',
  'err.user_rights_beyond': ['This user has rights you do not have ({rights}); someone who has them must make this change.', 'This user has rights you do not have; someone who has them must make this change.'],
  'err.username_exhausted': 'No free SIP username was found; try again.',
  'err.wrong_login': 'The login or the password is not correct.',
  // a whole answer that failed (problem+json), by type, else by status
  'problem.storage-full': 'The server\'s storage is full: nothing was changed. Try again once space has been freed.',
  'problem.two-factor-enrolment-required': 'Set up two-step verification first.',
  'problem.password-change-required': 'Change your password first.',
  'problem.sign-in-required': 'Sign in (again) first.',
  'problem.csrf-token-required': 'Your session in this window is out of date: reload the page.',
  'problem.400': 'The request was not understood.', 'problem.403': 'You do not have the right to do this.',
  'problem.404': 'This does not exist (any more), or you may not see it.', 'problem.409': 'This conflicts with what is there already.',
  'problem.412': 'Someone else changed this in the meantime: reload the page and make your change again.',
  'problem.413': 'This is too large to send.', 'problem.422': 'Some fields are missing or not valid.',
  'problem.429': 'Too many attempts: wait a moment and try again.',
  'problem.500': 'Something went wrong on our side. Try again later.',
  'problem.503': 'The service is briefly unavailable: try again in a moment.',
  'problem.507': 'The server\'s storage is full: nothing was changed. Try again once space has been freed.',
  'error.request_id': 'request id',
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
  // The API's errors and warnings by code: see the English dictionary.
  'err.required': ['{label} is verplicht.', 'Dit veld is verplicht.'],
  'err.invalid': ['{label} is niet geldig.', 'Deze waarde is niet geldig.'],
  'err.type': ['{label} heeft niet de juiste vorm.', 'Deze waarde heeft niet de juiste vorm.'],
  'err.taken': ['{label} is al in gebruik.', 'Deze waarde is al in gebruik.'],
  'err.too_long': ['{label} is te lang (hoogstens {max} tekens).', '{label} is te lang.', 'Deze tekst is te lang.'],
  'err.too_many': ['{label}: hoogstens {max}.', '{label}: dit zijn er te veel.', 'Dit zijn er te veel.'],
  'err.read_only': ['{label} kan niet worden gewijzigd.', 'Dit kan niet worden gewijzigd.'],
  'err.create_only': ['{label} kan alleen bij het aanmaken worden opgegeven.', 'Dit kan alleen bij het aanmaken worden opgegeven.'],
  'err.invalid_email': ['{label} is geen geldig e-mailadres.', 'Dit is geen geldig e-mailadres.'],
  'err.invalid_phone': ['{label} is geen geldig telefoonnummer: geef het zoals je het belt, bijvoorbeeld 020 123 4567.', 'Dit is geen geldig telefoonnummer: geef het zoals je het belt, bijvoorbeeld 020 123 4567.'],
  'err.invalid_text': ['{label} bevat tekens die niet zijn toegestaan.', 'Deze tekst bevat tekens die niet zijn toegestaan.'],
  'err.out_of_range': ['{label} moet een heel getal van {min} tot en met {max} zijn.', '{label} valt buiten de toegestane waarden.', 'Dit getal valt buiten de toegestane waarden.'],
  'err.not_found': ['{label} bestaat niet (meer).', 'Dit bestaat niet (meer).'],
  'err.unknown_field': ['Onbekend veld: {field}.', 'Dit veld is niet bekend.'],
  'err.conflict': 'Vul een van beide in, niet allebei.',
  'err.mismatch': 'Bevestig met het e-mailadres van de gebruiker.',
  'err.wrong_password': 'Het wachtwoord is niet juist.',
  'err.wrong_code': 'De code is niet juist: vul de code in die de app nu toont.',
  'err.invalid_or_expired': 'De link is niet meer geldig: vraag een nieuwe aan.',
  'err.weak': 'Dit is een van de eerste pincodes die iemand zou proberen.',
  'err.unknown_permission': 'Dit recht bestaat niet.', 'err.duplicate': 'Dit lid staat twee keer in de lijst.',
  'err.disabled': 'Dit SIP-account is uitgeschakeld.', 'err.forbidden': 'Je hebt niet het recht om dit te wijzigen.',
  'err.invalid_parent': 'Onder een klant kunnen geen organisaties staan.',
  'err.invalid_extension': ['Toestelnummers zijn hier {length} cijfers en beginnen met {prefix}.', 'Toestelnummers zijn hier {length} cijfers.', 'Dit toestelnummer past niet bij de regel van de organisatie.'],
  'err.exhausted': 'Alle toestelnummers zijn bezet.',
  'err.extension_prefix.too_long': ['Het voorvoegsel moet korter zijn dan de lengte van een toestelnummer ({length}).', 'Het voorvoegsel moet korter zijn dan de lengte van een toestelnummer.'],
  'err.extension_prefix.invalid': 'Het voorvoegsel bestaat alleen uit cijfers, of is leeg.',
  'err.trunk_caller_id.not_found': 'Kies een van de nummers van de organisatie.',
  'err.timezone.invalid': 'Geef een IANA-tijdzone, zoals Europe/Amsterdam.', 'err.country.invalid': 'Geef een landcode van twee hoofdletters, zoals NL.',
  'err.invite.create_only': 'Stuur een nieuwe uitnodiging met "Uitnodiging opnieuw sturen".',
  // the password policy (src/domain/password.c)
  'err.too_short': ['Het wachtwoord moet minstens {min} tekens lang zijn.', 'Het wachtwoord is te kort.'],
  'err.needs_digit': 'Het wachtwoord moet minstens één cijfer bevatten.',
  'err.needs_lower': 'Het wachtwoord moet minstens één kleine letter (a-z) bevatten.', 'err.needs_upper': 'Het wachtwoord moet minstens één hoofdletter (A-Z) bevatten.',
  'err.needs_symbol': 'Het wachtwoord moet minstens één symbool bevatten, zoals ! ? - of een spatie.',
  'err.contains_personal': 'Het wachtwoord mag niet de naam, loginnaam of het e-mailadres van de gebruiker bevatten.',
  'err.too_weak': 'Het wachtwoord is te makkelijk te raden. Gebruik een langere wachtzin, bijvoorbeeld vier of meer losse woorden.',
  'err.reused': ['Het wachtwoord moet verschillen van de laatste {count} wachtwoorden.', 'Kies een wachtwoord dat je nog niet eerder hebt gebruikt.'],
  'err.password.too_long': ['Het wachtwoord is te lang (hoogstens {max} bytes).', 'Het wachtwoord is te lang.'],
  // gebruikers importeren uit een CSV-bestand (src/domain/import.c)
  'err.empty': 'Het bestand is leeg: de eerste regel moet de kolomnamen bevatten.',
  'err.malformed': ['Regel {line}: een veld tussen aanhalingstekens is niet afgesloten, of er staat tekst na het afsluitende aanhalingsteken.', 'Een veld tussen aanhalingstekens is niet afgesloten, of er staat tekst na het afsluitende aanhalingsteken.'],
  'err.too_many_fields': ['Regel {line} heeft meer velden dan toegestaan.', 'Een regel heeft meer velden dan de kopregel, of dan toegestaan.'],
  'err.unknown_columns': ['Onbekende kolommen: {columns}.', 'Het bestand heeft kolommen die niet bekend zijn.'],
  'err.repeated_columns': ['Kolommen die twee keer voorkomen: {columns}.', 'Het bestand noemt een kolom twee keer.'],
  // waarschuwingen: gelukt, met een tip
  'err.role_address': ['{email} lijkt een gedeeld functieadres (role address). Met een persoonlijk adres blijft elke wijziging herleidbaar tot een persoon.', 'Dit lijkt een gedeeld functieadres (role address). Met een persoonlijk adres blijft elke wijziging herleidbaar tot een persoon.'],
  // een heel antwoord dat mislukte, op code (src/**: diag_fail), met params
  'err.account_not_active': 'Dit account kan niet inloggen (het is uitgenodigd, geblokkeerd of verwijderd).',
  'err.builtin_group': 'De vier standaardgroepen kunnen niet worden verwijderd; pas hun rechten aan.',
  'err.challenge_gone': 'Deze aanmelding is niet meer geldig (verlopen of al gebruikt): log opnieuw in.',
  'err.code_used': 'Deze code is al gebruikt: wacht op de volgende.',
  'err.code_wrong': 'De code klopt niet.',
  'err.company_in_use': ['\'{company}\' is de werkgever van {count} personen; geef hen eerst een andere werkgever.', 'Dit bedrijf is nog iemands werkgever; geef hen eerst een andere werkgever.'],
  'err.extensions_exhausted': 'Alle interne nummers van deze organisatie zijn in gebruik.',
  'err.grant_beyond': ['Je kunt geen rechten toekennen die je zelf niet hebt: {rights}.', 'Je kunt geen rechten toekennen die je zelf niet hebt.'],
  'err.group_has_members': ['De groep heeft nog {count} leden; haal ze er eerst uit.', 'De groep heeft nog leden; haal ze er eerst uit.'],
  'err.group_rights_beyond': ['Deze groep heeft rechten die jij niet hebt ({rights}); iemand met die rechten moet haar wijzigen.', 'Deze groep heeft rechten die jij niet hebt; iemand met die rechten moet haar wijzigen.'],
  'err.idempotency_in_progress': 'Een verzoek met deze Idempotency-Key wordt nog verwerkt.',
  'err.import_stopped': 'De import is gestopt.',
  'err.key_file_missing': 'De server heeft geen sleutelbestand geladen; dit kan nu niet.',
  'err.md5_unavailable': 'De server kan geen SIP-wachtwoorden berekenen (MD5 ontbreekt).',
  'err.no_enrolment': 'Er is niets te bevestigen: stel eerst tweestapsverificatie in.',
  'err.no_such_alias': 'Deze alias bestaat niet (meer).',
  'err.no_such_extension': ['Niets hier heeft het interne nummer {extension}.', 'Niets hier heeft dit interne nummer.'],
  'err.no_such_number': ['Niets hier heeft het nummer {number}.', 'Niets hier heeft dit nummer.'],
  'err.no_such_sip_account': 'Dit SIP-account bestaat niet (meer), of mag niet inloggen.',
  'err.no_such_user': 'Deze gebruiker bestaat niet (meer).',
  'err.org_has_children': ['Verwijder eerst de {count} organisaties eronder.', 'Verwijder eerst de organisaties eronder.'],
  'err.org_has_users': ['Verwijder eerst de {count} gebruikers.', 'Verwijder eerst de gebruikers.'],
  'err.own_availability_only': 'Je mag alleen je eigen beschikbaarheid wijzigen.',
  'err.own_org': 'Je kunt je eigen organisatie niet verwijderen.',
  'err.own_two_factor_reset': 'Zet je eigen tweestapsverificatie uit bij Mijn instellingen.',
  'err.person_has_login': 'Deze persoon heeft al een login.',
  'err.person_login_deleted': 'De login van deze persoon is verwijderd maar wordt bewaard om te kunnen herstellen; de persoon kan weg zodra die definitief is verwijderd.',
  'err.platform_org': 'De platformorganisatie kan niet worden verwijderd.',
  'err.right_required': ['Hiervoor is het recht \'{right}\' nodig.', 'Je hebt niet het recht om dit te doen.'],
  'err.rings_nobody': ['{number} laat nog niemand overgaan.', 'Dit nummer laat nog niemand overgaan.'],
  'err.secret_unreadable': 'Het geheim kan met het sleutelbestand van deze server niet worden gelezen; stel een nieuw in.',
  'err.self_delete': 'Je kunt jezelf niet verwijderen.',
  'err.self_suspend': 'Je kunt jezelf niet blokkeren.',
  'err.stale': 'Iemand anders heeft dit intussen gewijzigd: laad de pagina opnieuw en breng je wijziging nog eens aan.',
  'err.too_many_attempts': ['Te veel pogingen. Probeer het over {seconds} seconden opnieuw.', 'Te veel pogingen: wacht even en probeer het opnieuw.'],
  'err.too_many_groups': ['Een organisatie heeft hoogstens {max} rechtengroepen.', 'Deze organisatie heeft al het maximale aantal rechtengroepen.'],
  'err.too_many_sip_accounts': ['Een gebruiker heeft hoogstens {max} SIP-accounts en aliassen.', 'Deze gebruiker heeft al het maximale aantal SIP-accounts.'],
  'err.trunk_number': ['{number} is de standaard nummerweergave van de trunk; kies eerst een ander nummer.', 'Dit nummer is de standaard nummerweergave van de trunk; kies eerst een ander nummer.'],
  'err.two_factor_off': 'Tweestapsverificatie is niet ingesteld.',
  'err.two_factor_on': 'Tweestapsverificatie staat al aan.',
  'err.two_factor_required_here': 'Je organisatie vereist tweestapsverificatie voor jou; die kan niet uit.',
  'err.user_not_deleted': 'Deze gebruiker is niet verwijderd.',
  'err.user_not_invited': 'Alleen een gebruiker die nog geen wachtwoord heeft gekozen, kan opnieuw worden uitgenodigd.',
  'err.user_rights_beyond': ['Deze gebruiker heeft rechten die jij niet hebt ({rights}); iemand met die rechten moet dit wijzigen.', 'Deze gebruiker heeft rechten die jij niet hebt; iemand met die rechten moet dit wijzigen.'],
  'err.username_exhausted': 'Er is geen vrije SIP-gebruikersnaam gevonden; probeer het opnieuw.',
  'err.wrong_login': 'De login of het wachtwoord klopt niet.',
  // een verzoek dat als geheel mislukte (problem+json), naar type, anders naar status
  'problem.storage-full': 'De opslag van de server is vol: er is niets gewijzigd. Probeer het opnieuw zodra er weer ruimte is.',
  'problem.two-factor-enrolment-required': 'Stel eerst twee-staps verificatie in.',
  'problem.password-change-required': 'Wijzig eerst je wachtwoord.',
  'problem.sign-in-required': 'Log eerst (opnieuw) in.',
  'problem.csrf-token-required': 'Je sessie in dit venster is verouderd: laad de pagina opnieuw.',
  'problem.400': 'Het verzoek werd niet begrepen.', 'problem.403': 'Je hebt niet het recht om dit te doen.',
  'problem.404': 'Dit bestaat niet (meer), of je mag het niet zien.', 'problem.409': 'Dit botst met wat er al is.',
  'problem.412': 'Iemand anders heeft dit intussen gewijzigd: laad de pagina opnieuw en doe je wijziging nog een keer.',
  'problem.413': 'Dit is te groot om te versturen.', 'problem.422': 'Sommige velden ontbreken of zijn niet geldig.',
  'problem.429': 'Te veel pogingen: wacht even en probeer het opnieuw.',
  'problem.500': 'Er ging aan onze kant iets mis. Probeer het later opnieuw.',
  'problem.503': 'De dienst is even niet beschikbaar: probeer het zo opnieuw.',
  'problem.507': 'De opslag van de server is vol: er is niets gewijzigd. Probeer het opnieuw zodra er weer ruimte is.',
  'error.request_id': 'verzoek-id',
};

const dicts = { nl, en };
// (localStorage is absent when node imports this module for its test)
const store = typeof localStorage === 'undefined' ? null : localStorage;
let current = (() => {
  const saved = store && store.getItem(KEY);
  if (LANGS.includes(saved)) return saved;
  return ((typeof navigator !== 'undefined' && navigator.language) || '').toLowerCase().startsWith('nl') ? 'nl' : 'en';
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

// A {placeholder} template filled from vars, or null when one is missing.
function fill(tpl, vars) {
  let ok = true;
  const out = tpl.replace(/\{(\w+)\}/g, (_, name) => {
    const v = vars[name];
    if (v === undefined || v === null || v === '') { ok = false; return ''; }
    return Array.isArray(v) ? v.join(', ') : String(v);
  });
  return ok ? out : null;
}

// The text of one API error or warning (e = {field, code, message, params})
// in the UI's language, from its code: err.<field>.<code> before
// err.password.<code> (password fields) before err.<code>. label: the
// field's label on the screen, else field.<name> of the dictionary; known:
// params the screen knows of the field, which the error's own params
// override. The API's (English) message only for a code without words.
export function errorText(e, label = '', known = {}) {
  const d = dicts[current];
  const name = (e.field || '').split('.').pop();
  const vars = { ...known, ...(e.params || {}), field: e.field || '' };
  vars.label = label || d[`field.${name}`] || '';
  const keys = [`err.${name}.${e.code}`];
  if (/password/.test(name)) keys.push(`err.password.${e.code}`);
  keys.push(`err.${e.code}`);
  for (const key of keys) {
    const v = d[key] ?? en[key];
    if (v === undefined) continue;
    for (const tpl of [].concat(v)) {
      const s = fill(tpl, vars);
      if (s !== null) return s;
    }
  }
  return e.message || t('error.generic');
}

// A warning of a successful answer ({field, code, message, params}).
export const warningText = (w) => errorText(w);

// What went wrong with a whole request (an ApiError): by the problem's type
// URI (urn:switchboard:problem:<name>), else its one field error, else its
// status; never the API's English detail.
export function problemText(err) {
  const d = dicts[current];
  const p = err.problem || {};
  const type = typeof p.type === 'string' && p.type.startsWith('urn:switchboard:problem:') ? p.type.slice(24) : null;
  if (type && d[`problem.${type}`] !== undefined) return d[`problem.${type}`];
  // a failure the server named: its code and params
  if (typeof p.code === 'string' && d[`err.${p.code}`] !== undefined) return errorText({ code: p.code, params: p.params });
  const items = Array.isArray(p.errors) ? p.errors : [];
  if (items.length === 1) return errorText(items[0]);
  if (d[`problem.${err.status}`] !== undefined) return d[`problem.${err.status}`];
  return t('error.generic');
}

// Both dictionaries, for the test that checks them against the server.
export const dictionaries = { nl, en };
