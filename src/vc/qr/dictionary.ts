/**
 * The preset DEFLATE dictionary of QR payload format 1 (RFC 1951 with a preset dictionary, as zlib's
 * `deflateSetDictionary`): strings that every Avala VC-JWT contains, so that their first occurrence costs a
 * back-reference instead of literals. It is a skeleton of the JWS header and credential in the order our builder
 * writes them, the variable parts left out, then vocabulary that certificate texts often use.
 *
 * FROZEN: a decoder needs these exact bytes, and a QR code printed today must still decode in ten years. Any
 * change is a new format version (a new prefix digit), never an edit; the test pins the SHA-256 below. DEFLATE
 * distances grow with how far back a match is, so the strings a payload uses first and most sit at the end.
 */
const VOCABULARY = [
  // Spanish words and phrases frequent in standard titles, body and centre names and evaluation records.
  ' de la ', ' de los ', ' de las ', ' del ', ' para ', ' con ', ' en el ', ' en la ', ' y ', ' o ', ' a ',
  'Universidad ', 'Instituto ', 'Tecnológico ', 'Colegio ', 'Escuela ', 'Secretaría ', 'Cámara ', 'Sindicato ',
  'Asociación ', 'Consejo ', 'Centro de Capacitación ', 'Centro de Evaluación ', 'Campus ', 'Nacional ', 'Estatal ',
  'México', 'Ciudad de México', 'Jalisco', 'Nuevo León', 'Estado de México', 'Trabajadores ', 'Industria',
  'Impartición de cursos', 'formación', 'capital humano', 'Diseño de ', 'Desarrollo de ', 'Atención a',
  'Administración de ', 'Preparación de ', 'Prestación de servicios', 'Elaboración de ', 'Operación de ',
  'Instalación de ', 'Mantenimiento ', 'Evaluación de ', 'Gestión ', 'servicios', 'personas', 'sector ',
  'Educación y formación de personas', 'Tecnologías de la información', 'Turismo', 'Salud', 'Construcción',
  'Agricultura', 'Comercio', 'Manufactura', 'Transporte', 'Logística', 'Seguridad', 'Energía', 'Gobierno',
  'aprendizaje', 'sesión', 'competencia', 'Comité de Gestión por Competencias de ',
].join('');

/**
 * The credential as `buildCompetencyCredential` writes it (VC 2.0 + Open Badges 3.0), variable text left out and
 * UUIDs and hashes already replaced by their marks (\u0010…, \u0000), then a few shapes a later builder may use.
 */
const PAYLOAD_SKELETON = [
  '"criteria":{"id":"https://',
  '"image":{"id":"https://',
  '"type":"Image"},',
  ',"credentialSchema":[{"id":"https://',
  '","type":"JsonSchema"}]',
  ',"nqfLevel":1,"nqfLevel":2,"nqfLevel":4,"nqfLevel":5',
  '{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",',
  '"https://avala.example/contexts/avala/v1"],"id":"urn:uuid:\u0010","type":["VerifiableCredential","OpenBadgeCredential"],',
  '"issuer":{"id":"did:web:","type":["Profile"],"name":""},"validFrom":"20T00:00:00Z","validUntil":"20","name":"EC0',
  '","credentialSubject":{"type":["AchievementSubject"],"id":"did:key:z6Mk',
  '","identifier":[{"type":"IdentityObject","identityHash":"","identityType":"name","hashed":false},',
  '{"type":"IdentityObject","identityHash":"sha256$\u0000","identityType":"nationalIdentityNumber","hashed":true,"salt":"',
  '"}],"achievement":{"id":"https:///standards/EC0/v/1","type":["Achievement"],"achievementType":"Certification",',
  '"humanCode":"EC0","version":"1","name":"","description":"","criteria":{"narrative":"- \\n- "},',
  '"creator":{"id":"https:///committees/\u0011","type":["Profile"],"name":"Comité de "},"nqfLevel":3,"sector":""}},',
  '"evidence":[{"type":["Evidence"],"name":"Evaluación de competencia EC0 v1","evaluationCentre":"","evaluatedOn":"20',
  '","evaluatorId":"\u0012","certifierId":"\u0013"}],',
  '"credentialStatus":[{"id":"https:///status/\u0014#","type":"BitstringStatusListEntry","statusPurpose":"revocation",',
  '"statusListIndex":"","statusListCredential":"https:///status/\u0014"},{"id":"https:///status/\u0015#",',
  '"type":"BitstringStatusListEntry","statusPurpose":"suspension","statusListIndex":"","statusListCredential":"https://',
  '/status/\u0015"}],"renews":"urn:uuid:\u0016","nbf":17,"exp":18}',
].join('');

/** The JWS protected header `signVcJwt` writes; it is the first thing in the stream, so it goes last. */
const HEADER_SKELETON = '{"alg":"EdDSA","kid":"did:web::bodies:#key-1","typ":"vc+jwt","cty":"vc"}';

export const DICTIONARY_V1 = PAYLOAD_SKELETON + VOCABULARY + HEADER_SKELETON;
