// routes.js: the one map from address to screen. Each screen is a module
// under screens/ exporting an async function (main, params, ...captures).
// public: no session needed; bare: no menu; perm: the right it needs (or a
// list of rights, any of which will do).
import { signIn } from './screens/sign-in.js';
import { forgot } from './screens/forgot.js';
import { setPassword } from './screens/set-password.js';
import { changePassword } from './screens/change-password.js';
import { enrol } from './screens/enrol.js';
import { mySettings } from './screens/my-settings.js';
import { usersList } from './screens/users.js';
import { usersImport } from './screens/users-import.js';
import { userNew } from './screens/user-new.js';
import { userPage } from './screens/user.js';
import { contactsList } from './screens/contacts.js';
import { contactNew } from './screens/contact-new.js';
import { contactPage } from './screens/contact.js';
import { companiesList } from './screens/companies.js';
import { companyPage } from './screens/company.js';
import { groupsPage } from './screens/groups.js';
import { numbersPage } from './screens/numbers.js';
import { numberPage } from './screens/number.js';
import { extensionsPage } from './screens/extensions.js';
import { huntGroupsPage } from './screens/hunt-groups.js';
import { huntGroupPage } from './screens/hunt-group.js';
import { schedulesPage } from './screens/schedules.js';
import { schedulePage } from './screens/schedule.js';
import { mediaPage } from './screens/media.js';
import { ringsPage } from './screens/rings.js';
import { voicemailPage } from './screens/voicemail.js';
import { customersPage } from './screens/customers.js';
import { devicesPage } from './screens/devices.js';
import { devicePage } from './screens/device.js';
import { auditPage } from './screens/audit.js';
import { orgPage } from './screens/org.js';
import { callsPage } from './screens/calls.js';

const ID = '([0-9a-f-]{36})';
// one's own calls, or the organization's
const CALLS = ['calls.read_own', 'calls.read_all'];

// [pattern, screen, options]
export const routes = [
  [/^\/login$/, signIn, { public: true }],
  [/^\/forgot$/, forgot, { public: true }],
  [/^\/set-password$/, setPassword, { public: true }],
  [/^\/change-password$/, changePassword, { bare: true }],
  [/^\/enrol-2fa$/, enrol, { bare: true }],
  [/^\/me$/, mySettings, {}],
  [/^\/calls$/, callsPage, { perm: CALLS }],
  [/^\/voicemail$/, voicemailPage, {}],
  [/^\/users$/, usersList, { perm: 'users.read' }],
  [/^\/users\/new$/, userNew, { perm: 'users.write' }],
  [/^\/users\/import$/, usersImport, { perm: 'users.write' }],
  [new RegExp(`^/users/${ID}$`), userPage, { perm: 'users.read' }],
  [/^\/contacts$/, contactsList, { perm: 'contacts.read' }],
  [/^\/contacts\/new$/, contactNew, { perm: 'contacts.write' }],
  [new RegExp(`^/contacts/${ID}$`), contactPage, { perm: 'contacts.read' }],
  [/^\/companies$/, companiesList, { perm: 'contacts.read' }],
  [new RegExp(`^/companies/${ID}$`), companyPage, { perm: 'contacts.read' }],
  [/^\/groups$/, groupsPage, { perm: 'groups.read' }],
  [/^\/numbers$/, numbersPage, { perm: 'telephony.read' }],
  [new RegExp(`^/numbers/${ID}$`), numberPage, { perm: 'telephony.read' }],
  [/^\/extensions$/, extensionsPage, { perm: 'telephony.read' }],
  [/^\/hunt-groups$/, huntGroupsPage, { perm: 'telephony.read' }],
  [new RegExp(`^/hunt-groups/${ID}$`), huntGroupPage, { perm: 'telephony.read' }],
  [/^\/schedules$/, schedulesPage, { perm: 'telephony.read' }],
  [new RegExp(`^/schedules/${ID}$`), schedulePage, { perm: 'telephony.read' }],
  [/^\/media$/, mediaPage, { perm: 'telephony.read' }],
  [/^\/rings$/, ringsPage, { perm: 'telephony.read' }],
  [/^\/devices$/, devicesPage, { perm: 'telephony.read' }],
  [new RegExp(`^/devices/${ID}$`), devicePage, { perm: 'telephony.read' }],
  [/^\/audit$/, auditPage, { perm: 'audit.read' }],
  [/^\/org$/, orgPage, { perm: 'orgs.write' }],
  [/^\/customers$/, customersPage, { perm: 'orgs.write' }],
  [/^\/$/, null, {}],
];

// The menu: [group label key, [[path, label key, right]]]
export const menu = [
  ['nav.self', [['/me', 'nav.me', null], ['/voicemail', 'nav.voicemail', null], ['/calls', 'nav.calls', CALLS]]],
  ['nav.admin', [
    ['/users', 'nav.users', 'users.read'],
    ['/contacts', 'nav.contacts', 'contacts.read'],
    ['/companies', 'nav.companies', 'contacts.read'],
    ['/groups', 'nav.groups', 'groups.read'],
    ['/org', 'nav.org', 'orgs.write'],
    ['/customers', 'nav.customers', 'orgs.write'],
  ]],
  ['nav.telephony', [
    ['/numbers', 'nav.numbers', 'telephony.read'],
    ['/extensions', 'nav.extensions', 'telephony.read'],
    ['/hunt-groups', 'nav.hunt_groups', 'telephony.read'],
    ['/schedules', 'nav.schedules', 'telephony.read'],
    ['/media', 'nav.media', 'telephony.read'],
    ['/rings', 'nav.rings', 'telephony.read'],
    ['/devices', 'nav.devices', 'telephony.read'],
  ]],
  ['nav.control', [['/audit', 'nav.audit', 'audit.read']]],
];
