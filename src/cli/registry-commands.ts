import type { Command } from 'commander';
import { AUTHORITY, BODY_KINDS, STAFF_ROLES, type BodyKind, type RegistryService, type StaffRole, type Standard } from '../registry/index.js';
import { AppError } from '../errors.js';
import { jsonOption, print, printJson, type WithServices } from './common.js';

async function standardByRef(registry: RegistryService, ref: string): Promise<Standard> {
  const m = /^(EC\d{4})(?:@(\d+))?$/.exec(ref);
  if (!m) return registry.getStandard(ref);
  const standards = await registry.listStandards({ text: m[1] });
  const s = standards.filter((x) => x.code === m[1] && (!m[2] || x.version === Number(m[2]))).at(-1);
  if (!s) throw new AppError('ERR_NOT_FOUND', `Standard ${ref} does not exist`);
  return s;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new AppError('ERR_VALIDATION', `${what} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** `avala registry …`: the authority's registry from the command line, through the same service as the API. */
export function registryCommands(program: Command, withServices: WithServices): void {
  const registry = program.command('registry').description("the authority's national registry");

  registry
    .command('add-committee')
    .requiredOption('--name <name>')
    .requiredOption('--sector <sector>')
    .option('--region <region>')
    .addOption(jsonOption())
    .action((o: { name: string; sector: string; region?: string; json?: boolean }) =>
      withServices(async ({ registry: r }) => {
        const c = await r.createCommittee({ name: o.name, sector: o.sector, region: o.region ?? null });
        o.json ? printJson(c) : print(`committee ${c.id} created`);
      }),
    );

  registry
    .command('add-standard')
    .requiredOption('--code <code>', 'EC + four digits')
    .requiredOption('--title <title>')
    .requiredOption('--description <text>')
    .requiredOption('--criterion <text...>', 'one or more criteria')
    .requiredOption('--sector <sector>')
    .requiredOption('--level <1-5>')
    .requiredOption('--committee <id>')
    .option('--version <n>', 'version', '1')
    .option('--validity-months <n>', 'months a certificate stays valid (omit for none)')
    .addOption(jsonOption())
    .action((o: Record<string, string | string[] | boolean | undefined>) =>
      withServices(async ({ registry: r }) => {
        const level = Number(o.level);
        if (!Number.isInteger(level) || level < 1 || level > 5) throw new AppError('ERR_VALIDATION', '--level must be 1 to 5');
        const s = await r.createStandard({
          code: String(o.code),
          version: Number(o.version),
          title: String(o.title),
          description: String(o.description),
          criteria: o.criterion as string[],
          sector: String(o.sector),
          level,
          committeeId: String(o.committee),
          validityMonths: o.validityMonths ? Number(o.validityMonths) : null,
        });
        o.json ? printJson(s) : print(`standard ${s.code} v${s.version} created as draft (${s.id})`);
      }),
    );

  for (const to of ['publish', 'withdraw'] as const) {
    registry
      .command(`${to} <standard>`)
      .description(`${to} a standard (id, CODE or CODE@version)`)
      .action((ref: string) =>
        withServices(async ({ registry: r }) => {
          const s = await r.transitionStandard((await standardByRef(r, ref)).id, to === 'publish' ? 'published' : 'withdrawn');
          print(`standard ${s.code} v${s.version} is ${s.state}`);
        }),
      );
  }

  registry
    .command('add-body')
    .requiredOption('--slug <slug>')
    .requiredOption('--name <name>')
    .requiredOption('--kind <kind>', BODY_KINDS.join(' | '))
    .option('--did-key', 'register with a did:key instead of did:web')
    .addOption(jsonOption())
    .action((o: { slug: string; name: string; kind: string; didKey?: boolean; json?: boolean }) =>
      withServices(async ({ registry: r }) => {
        const b = await r.createBody({ slug: o.slug, name: o.name, kind: oneOf<BodyKind>(o.kind, BODY_KINDS, '--kind'), didMethod: o.didKey ? 'key' : 'web' });
        o.json ? printJson(b) : print(`body ${b.slug} created with ${b.did}`);
      }),
    );

  registry
    .command('accredit')
    .requiredOption('--body <slug>')
    .requiredOption('--standard <ref>', 'id, CODE or CODE@version')
    .requiredOption('--from <date>')
    .requiredOption('--until <date>')
    .addOption(jsonOption())
    .action((o: { body: string; standard: string; from: string; until: string; json?: boolean }) =>
      withServices(async ({ registry: r }) => {
        const body = await r.resolveBody(o.body);
        const s = await standardByRef(r, o.standard);
        const a = await r.accredit({ bodyId: body.id, standardId: s.id, validFrom: o.from, validUntil: o.until });
        o.json ? printJson(a) : print(`${body.slug} accredited for ${s.code} v${s.version} from ${a.validFrom} until ${a.validUntil} (${a.id})`);
      }),
    );

  for (const [verb, state] of [['suspend', 'suspended'], ['reinstate', 'active'], ['withdraw-accreditation', 'withdrawn']] as const) {
    registry
      .command(`${verb} <accreditation>`)
      .option('--reason <text>')
      .action((id: string, o: { reason?: string }) =>
        withServices(async ({ registry: r }) => {
          const a = await r.changeAccreditation(id, state, o.reason ?? null);
          print(`accreditation ${a.id} is ${a.state}`);
        }),
      );
  }

  registry
    .command('add-staff')
    .requiredOption('--body <slug>')
    .requiredOption('--name <name>')
    .requiredOption('--roles <roles>', `comma-separated: ${STAFF_ROLES.join(', ')}`)
    .option('--email <email>')
    .action((o: { body: string; name: string; roles: string; email?: string }) =>
      withServices(async ({ registry: r }) => {
        const roles = o.roles.split(',').map((x) => oneOf<StaffRole>(x.trim(), STAFF_ROLES, '--roles'));
        const { staff, apiKey } = await r.addStaff({ bodyId: (await r.resolveBody(o.body)).id, name: o.name, email: o.email ?? null, roles });
        print(`staff ${staff.id} (${staff.roles.join(', ')}) added`);
        print(`API key (shown once, store it now): ${apiKey}`);
      }),
    );

  registry
    .command('list-staff <body>')
    .description("a body's staff (slug or id)")
    .addOption(jsonOption())
    .action((bodyRef: string, o: { json?: boolean }) =>
      withServices(async ({ registry: r }) => {
        const staff = await r.listStaff((await r.resolveBody(bodyRef)).id);
        if (o.json) return printJson(staff);
        for (const s of staff) print(`${s.id} [${s.state}] ${s.roles.join(',')} ${s.name}`);
      }),
    );

  for (const [verb, state] of [['disable-staff', 'disabled'], ['enable-staff', 'active']] as const) {
    registry
      .command(`${verb} <staff>`)
      .description(state === 'disabled' ? 'disable a staff member: every key of theirs is refused from the next request' : 'enable a disabled staff member again')
      .action((id: string) =>
        withServices(async ({ registry: r }) => {
          const s = await r.setStaffState(id, state);
          print(`staff ${s.id} is ${s.state}`);
        }),
      );
  }

  registry
    .command('list-api-keys <staff>')
    .description("a staff member's API keys by id (secrets are never shown again)")
    .addOption(jsonOption())
    .action((id: string, o: { json?: boolean }) =>
      withServices(async ({ registry: r }) => {
        const keys = await r.listApiKeys(id);
        if (o.json) return printJson(keys);
        for (const k of keys) print(`${k.prefix} created ${k.createdAt}${k.revokedAt ? ` revoked ${k.revokedAt}` : ''}`);
      }),
    );

  registry
    .command('revoke-api-key <key>')
    .description('revoke one API key by its id or avk_ prefix')
    .action((id: string) =>
      withServices(async ({ registry: r }) => {
        const k = await r.revokeApiKey(id);
        print(`API key ${k.prefix} revoked at ${k.revokedAt}`);
      }),
    );

  registry
    .command('rotate-key <owner>')
    .description("rotate a body's signing key (slug) or the authority's (authority)")
    .action((owner: string) =>
      withServices(async ({ registry: r }) => {
        const k = await r.rotateKey(owner === AUTHORITY ? AUTHORITY : (await r.resolveBody(owner)).id);
        print(`new current key ${k.id}; earlier keys stay published with their periods`);
      }),
    );

  registry
    .command('report')
    .description('published standards with fewer than three actively accredited bodies')
    .addOption(jsonOption())
    .action((o: { json?: boolean }) =>
      withServices(async ({ registry: r }) => {
        const rows = await r.coverageReport();
        if (o.json) return printJson(rows);
        if (rows.length === 0) return print('every published standard has at least three accredited bodies');
        for (const row of rows) print(`${row.code} v${row.version}  ${row.activeBodies} bodies  ${row.title}`);
      }),
    );

  registry
    .command('list')
    .description('standards, bodies and committees')
    .addOption(jsonOption())
    .action((o: { json?: boolean }) =>
      withServices(async ({ registry: r }) => {
        const [committees, standards, bodies] = await Promise.all([r.listCommittees(), r.listStandards(), r.listBodies()]);
        if (o.json) return printJson({ committees, standards, bodies });
        for (const s of standards) print(`${s.code} v${s.version} [${s.state}] L${s.level} ${s.title}`);
        for (const b of bodies) print(`${b.slug} (${b.kind}, ${b.state}) ${b.did}`);
      }),
    );
}
