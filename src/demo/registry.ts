import type { BodyKind, RegistryService, StaffRole } from '../registry/index.js';

/**
 * Demo data: plausible, clearly fictional bodies and people, real-looking standard codes. Kept out of the registry
 * domain, which holds no sample data; the composition root seeds it (compose.ts `seedDemoIfEmpty`) through the
 * registry service like any other caller.
 */
const COMMITTEES = [
  { key: 'capital-humano', name: 'Comité de Gestión por Competencias de Capital Humano', sector: 'Educación y formación de personas', region: null },
  { key: 'formacion-digital', name: 'Comité de Formación Digital y a Distancia', sector: 'Educación y formación de personas', region: null },
  { key: 'tic', name: 'Comité de Tecnologías de la Información', sector: 'Tecnologías de la información', region: null },
  { key: 'turismo', name: 'Comité de Turismo y Hospitalidad', sector: 'Turismo', region: null },
  { key: 'turismo-peninsula', name: 'Comité Regional de Turismo de la Península', sector: 'Turismo', region: 'Península de Yucatán' },
] as const;

type CommitteeKey = (typeof COMMITTEES)[number]['key'];

const STANDARDS: Array<{ code: string; title: string; committee: CommitteeKey; level: number; validityMonths: number | null; criteria: string[]; description: string }> = [
  {
    code: 'EC0217',
    title: 'Impartición de cursos de formación del capital humano de manera presencial grupal',
    committee: 'capital-humano',
    level: 3,
    validityMonths: 36,
    description: 'Para personas que imparten cursos presenciales a grupos: preparan la sesión, la conducen y evalúan el aprendizaje.',
    criteria: ['Prepara la sesión de un curso presencial', 'Conduce la sesión aplicando técnicas instruccionales', 'Evalúa el aprendizaje antes, durante y al final del curso'],
  },
  {
    code: 'EC1301',
    title: 'Impartición de cursos de formación en línea de manera sincrónica',
    committee: 'formacion-digital',
    level: 3,
    validityMonths: 24,
    description: 'Competes with EC0217 for trainers who teach live online groups: session setup, online facilitation and assessment.',
    criteria: ['Prepara el entorno virtual de la sesión', 'Conduce la sesión sincrónica en línea', 'Evalúa el aprendizaje con instrumentos en línea'],
  },
  {
    code: 'EC0301',
    title: 'Diseño de cursos de formación del capital humano de manera presencial grupal',
    committee: 'capital-humano',
    level: 4,
    validityMonths: 36,
    description: 'Diseño de la carta descriptiva, los instrumentos de evaluación y los manuales de un curso presencial.',
    criteria: ['Elabora la carta descriptiva', 'Diseña instrumentos de evaluación', 'Desarrolla manuales del curso'],
  },
  {
    code: 'EC0076',
    title: 'Evaluación de la competencia de candidatos con base en estándares de competencia',
    committee: 'capital-humano',
    level: 3,
    validityMonths: 24,
    description: 'Para evaluadores: planifica la evaluación, recoge evidencias y emite el juicio de competencia.',
    criteria: ['Planifica la evaluación', 'Recopila evidencias', 'Emite el juicio de competencia'],
  },
  {
    code: 'EC0551',
    title: 'Administración de redes de computadoras locales',
    committee: 'tic',
    level: 3,
    validityMonths: 36,
    description: 'Instala, configura y mantiene redes locales cableadas e inalámbricas.',
    criteria: ['Instala la red local', 'Configura equipos activos', 'Diagnostica y corrige fallas'],
  },
  {
    code: 'EC1180',
    title: 'Desarrollo de aplicaciones web',
    committee: 'tic',
    level: 4,
    validityMonths: null,
    description: 'Construye aplicaciones web con control de versiones, pruebas automatizadas y prácticas de seguridad.',
    criteria: ['Construye la interfaz y el servidor', 'Escribe pruebas automatizadas', 'Aplica prácticas de seguridad'],
  },
  {
    code: 'EC0105',
    title: 'Atención al ciudadano en el sector público',
    committee: 'tic',
    level: 2,
    validityMonths: 24,
    description: 'Atiende consultas y trámites de la ciudadanía por medios digitales.',
    criteria: ['Recibe y registra la solicitud', 'Orienta sobre el trámite', 'Da seguimiento a la solicitud'],
  },
  {
    code: 'EC0038',
    title: 'Atención a comensales',
    committee: 'turismo',
    level: 2,
    validityMonths: 24,
    description: 'Recibe, atiende y despide a los comensales en establecimientos de alimentos y bebidas.',
    criteria: ['Prepara el área de servicio', 'Atiende al comensal', 'Cierra la cuenta y despide al comensal'],
  },
  {
    code: 'EC0128',
    title: 'Preparación de habitaciones para alojamiento temporal',
    committee: 'turismo-peninsula',
    level: 1,
    validityMonths: 24,
    description: 'Limpia y prepara habitaciones de hotel conforme a los estándares del establecimiento.',
    criteria: ['Limpia la habitación', 'Prepara la cama y los blancos', 'Repone los suministros'],
  },
  {
    code: 'EC0043',
    title: 'Guía de turistas especializado en turismo de naturaleza',
    committee: 'turismo-peninsula',
    level: 3,
    validityMonths: 36,
    description: 'Conduce grupos en recorridos de naturaleza con seguridad e interpretación ambiental.',
    criteria: ['Planea el recorrido', 'Conduce al grupo con seguridad', 'Interpreta el entorno natural'],
  },
];

const BODIES: Array<{ slug: string; name: string; kind: BodyKind; accredited: string[] }> = [
  { slug: 'universidad-del-valle', name: 'Universidad del Valle de Anáhuac (demo)', kind: 'university', accredited: ['EC0217', 'EC0301', 'EC0076', 'EC1180', 'EC1301'] },
  { slug: 'cecati-42', name: 'Centro de Capacitación para el Trabajo Industrial 42 (demo)', kind: 'school', accredited: ['EC0217', 'EC0551', 'EC0105', 'EC0076'] },
  { slug: 'camara-turismo-qroo', name: 'Cámara de Turismo de Quintana Roo (demo)', kind: 'chamber', accredited: ['EC0038', 'EC0128', 'EC0043', 'EC0217'] },
  { slug: 'sindicato-hotelero', name: 'Sindicato Nacional de Trabajadores Hoteleros (demo)', kind: 'union', accredited: ['EC0038', 'EC0128'] },
];

const STAFF: Array<{ name: string; roles: StaffRole[] }> = [
  { name: 'Administración', roles: ['admin'] },
  { name: 'Evaluadora Ana López', roles: ['evaluator'] },
  { name: 'Certificador Benito Ruiz', roles: ['certifier'] },
  { name: 'Dual Carmen Díaz', roles: ['evaluator', 'certifier'] },
];

export interface DemoStaffKey {
  body: string;
  name: string;
  roles: StaffRole[];
  staffId: string;
  apiKey: string;
}

/** Seeds the demo registry through the service, so demo data obeys every rule real data does. */
export async function seedDemoRegistry(registry: RegistryService, now: Date): Promise<DemoStaffKey[]> {
  const committeeIds = new Map<CommitteeKey, { id: string; sector: string }>();
  for (const c of COMMITTEES) {
    const created = await registry.createCommittee({ name: c.name, sector: c.sector, region: c.region });
    committeeIds.set(c.key, { id: created.id, sector: c.sector });
  }
  const standardIds = new Map<string, string>();
  for (const s of STANDARDS) {
    const committee = committeeIds.get(s.committee)!;
    const created = await registry.createStandard({
      code: s.code,
      version: 1,
      title: s.title,
      description: s.description,
      criteria: s.criteria,
      sector: committee.sector,
      level: s.level,
      committeeId: committee.id,
      validityMonths: s.validityMonths,
    });
    await registry.transitionStandard(created.id, 'published');
    standardIds.set(s.code, created.id);
  }
  // One draft so the catalogue shows drafts stay private.
  const draftCommittee = committeeIds.get('tic')!;
  await registry.createStandard({
    code: 'EC1500',
    version: 1,
    title: 'Operación de servicios en la nube (borrador)',
    description: 'Draft under committee review.',
    criteria: ['Despliega servicios', 'Monitorea servicios'],
    sector: draftCommittee.sector,
    level: 4,
    committeeId: draftCommittee.id,
    validityMonths: 24,
  });

  const from = new Date(Date.UTC(now.getUTCFullYear() - 1, 0, 1)).toISOString();
  const until = new Date(Date.UTC(now.getUTCFullYear() + 3, 0, 1)).toISOString();
  const keys: DemoStaffKey[] = [];
  for (const b of BODIES) {
    const body = await registry.createBody({ slug: b.slug, name: b.name, kind: b.kind });
    for (const code of b.accredited) {
      await registry.accredit({ bodyId: body.id, standardId: standardIds.get(code)!, validFrom: from, validUntil: until });
    }
    for (const s of STAFF) {
      const { staff, apiKey } = await registry.addStaff({ bodyId: body.id, name: `${s.name} — ${b.slug}`, roles: s.roles });
      keys.push({ body: b.slug, name: staff.name, roles: staff.roles, staffId: staff.id, apiKey });
    }
  }
  return keys;
}
