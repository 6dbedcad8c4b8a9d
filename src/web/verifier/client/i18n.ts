/**
 * Every sentence of the public verifier page, in Spanish (the default) and English. Pure data and formatters, shared
 * by the server (which renders the page in the requested language, so nothing flashes) and the browser (which
 * switches language in place).
 */
import type { Lang } from '../../../lang.js';
import type { ReasonCode } from '../../../verification/index.js';

export interface UiText {
  htmlTitle: string;
  brand: string;
  tagline: string;
  otherLanguage: string;
  otherLanguageLabel: string;
  intro: string;
  readyTitle: string;
  readyText: string;
  scan: string;
  scanStop: string;
  scanHint: string;
  scanNoCamera: string;
  scanDenied: string;
  upload: string;
  uploadHint: string;
  pasteLabel: string;
  pasteHint: string;
  verifyButton: string;
  privacy: string;
  checking: string;
  noQrInImage: string;
  imageUnreadable: string;
  notAvalaLink: string;
  emptyInput: string;
  valid: string;
  validSub: string;
  invalid: string;
  invalidSub: string;
  undecided: string;
  undecidedSub: string;
  notCompetency: string;
  notCompetencySub: string;
  /** A genuine certificate that a renewal replaced: not VÁLIDO, and not a forgery either. */
  superseded: string;
  supersededSub: (date: string, by: string) => string;
  statusSuperseded: string;
  cannotCheck: string;
  cannotCheckSub: string;
  trustUnavailable: string;
  reason: string;
  nothingReliable: string;
  worker: string;
  /** The label for the subject of a credential that certifies nobody (not a competency certificate). */
  holder: string;
  standard: string;
  level: (n: number) => string;
  version: (v: number) => string;
  body: string;
  accreditation: string;
  accreditedFor: (standard: string) => string;
  issued: string;
  validUntil: string;
  noExpiry: string;
  status: string;
  statusActive: string;
  statusRevoked: string;
  statusSuspended: string;
  statusExpired: string;
  statusNotYet: string;
  statusUnknown: string;
  credentialId: string;
  allChecks: (n: number) => string;
  checkNames: Record<string, string>;
  checkPass: string;
  checkFail: string;
  checkUnknown: string;
  curpTitle: string;
  curpLabel: string;
  curpHint: string;
  curpButton: string;
  curpMatch: string;
  curpNoMatch: string;
  curpMalformed: string;
  bodyKinds: Record<string, string>;
  savedRegistry: (when: string) => string;
  verifyAnother: string;
  inputsTitle: string;
  noscript: string;
  date: (iso: string) => string;
  /** A date with its time of day (Mexico City), for the receipt and the age of saved data. */
  dateTime: (iso: string) => string;
  pdfUnreadable: string;
  noQrInPdf: string;
  fileNotSupported: string;
  /** Why a check could not be decided, in plain words: the page knows what it fetched and how. */
  cause: {
    offlineNoCopy: string;
    unreachable: (status: number | null) => string;
    listExpired: (date: string) => string;
    registryOffline: string;
    registryUnreachable: string;
    registryExpired: (date: string) => string;
    registryInvalid: string;
  };
  /** The age of the data a verdict rests on, when some of it came from this device's saved copy. */
  statusAsOf: (when: string) => string;
  batchTitle: (n: number) => string;
  batchSummary: (valid: number, total: number) => string;
  batchFileError: string;
  receiptTitle: string;
  receiptPrint: string;
  receiptWhen: string;
  receiptWhat: string;
  receiptVerdict: string;
  receiptRegistry: string;
  receiptRegistryLine: (issued: string, until: string) => string;
  receiptLists: string;
  receiptListLine: (id: string, issued: string, until: string) => string;
  receiptNoLists: string;
  receiptFromNetwork: string;
  receiptFromDevice: (when: string) => string;
  receiptFile: (name: string) => string;
  receiptPasted: string;
  receiptLink: string;
  receiptCamera: string;
  receiptAddress: string;
  receiptPage: (version: string) => string;
  receiptNote: string;
  offlineReady: string;
  /** The failed check in plain words, for an employer rather than an engineer; the checks list keeps the detail. */
  plain: Partial<Record<ReasonCode, string>> & { accreditation: string; standard: string; expiredOn: (date: string) => string };
}

// The certificate is Mexican: dates read the same on the page as on the printed certificate, wherever the phone is.
const ZONE = 'America/Mexico_City';
const esDate = new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'long', year: 'numeric', timeZone: ZONE });
const enDate = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'long', year: 'numeric', timeZone: ZONE });
const esDateTime = new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: ZONE, timeZoneName: 'short' });
const enDateTime = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: ZONE, timeZoneName: 'short' });

function safeDate(f: Intl.DateTimeFormat, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : f.format(d);
}

export const UI: Readonly<Record<Lang, UiText>> = {
  es: {
    htmlTitle: 'Verificar un certificado de competencia · Avala',
    brand: 'Avala',
    tagline: 'Verificador público de certificados de competencia',
    otherLanguage: 'English',
    otherLanguageLabel: 'Switch to English',
    intro: 'Compruebe en segundos si un certificado de competencia laboral es auténtico, si lo emitió un organismo acreditado y si sigue vigente.',
    readyTitle: 'Listo para verificar',
    readyText: 'Escanee el código QR del certificado, suba una foto o captura, o pegue su contenido.',
    scan: 'Escanear con la cámara',
    scanStop: 'Detener la cámara',
    scanHint: 'Apunte la cámara al código QR del certificado.',
    scanNoCamera: 'Este dispositivo o navegador no permite usar la cámara aquí. Suba una foto del código.',
    scanDenied: 'No se pudo usar la cámara (permiso denegado o cámara ocupada). Suba una foto del código.',
    upload: 'Subir PDF o imagen',
    uploadHint: 'El PDF del certificado, o una foto o captura (PNG o JPEG). Puede elegir varios archivos a la vez.',
    pasteLabel: 'O pegue el contenido',
    pasteHint: 'El enlace para compartir que le enviaron, el enlace del QR, el JWT, el JSON de la credencial o los dígitos del código.',
    verifyButton: 'Verificar',
    privacy: 'La verificación se hace en este dispositivo: el certificado no se envía a ningún servidor. Solo se descargan el registro nacional de confianza y las listas públicas de revocación.',
    checking: 'Verificando…',
    noQrInImage: 'No se encontró un código QR en la imagen. Pruebe con una foto más nítida y de frente.',
    imageUnreadable: 'No se pudo abrir la imagen. Use un archivo PNG o JPEG.',
    notAvalaLink: 'Este código no es un certificado de Avala: es un enlace sin contenido de certificado.',
    emptyInput: 'Escriba o pegue algo para verificar.',
    valid: 'VÁLIDO',
    validSub: 'Certificado auténtico, emitido por un organismo acreditado y vigente.',
    invalid: 'NO VÁLIDO',
    invalidSub: 'No acepte este certificado.',
    undecided: 'NO SE PUDO CONFIRMAR',
    superseded: 'SUSTITUIDO',
    supersededSub: (date, by) => `Este certificado fue sustituido el ${date} por el certificado ${by}. Pida el certificado vigente.`,
    statusSuperseded: 'Sustituido por una renovación',
    undecidedSub: 'La firma es auténtica, pero no se pudo comprobar todo. Inténtelo de nuevo con conexión a internet.',
    notCompetency: 'NO ES UN CERTIFICADO DE COMPETENCIA',
    notCompetencySub: 'Credencial auténtica, pero no es un certificado de competencia laboral: no acredita ningún estándar del catálogo nacional.',
    cannotCheck: 'NO SE PUDO VERIFICAR',
    cannotCheckSub: 'El verificador no pudo obtener el registro nacional de confianza.',
    trustUnavailable: 'Revise su conexión a internet e inténtelo de nuevo.',
    reason: 'Motivo',
    nothingReliable: 'No acepte este documento: nada de lo que dice es confiable.',
    worker: 'Persona certificada',
    holder: 'Titular',
    standard: 'Estándar de competencia',
    level: (n) => `Nivel ${n}`,
    version: (v) => `versión ${v}`,
    body: 'Organismo certificador',
    accreditation: 'Acreditación',
    accreditedFor: (std) => `Acreditado para ${std} en la fecha de emisión, según el registro nacional.`,
    issued: 'Fecha de emisión',
    validUntil: 'Vigente hasta',
    noExpiry: 'Sin vencimiento',
    status: 'Estado',
    statusActive: 'Vigente',
    statusRevoked: 'Revocado',
    statusSuspended: 'Suspendido',
    statusExpired: 'Vencido',
    statusNotYet: 'Aún no vigente',
    statusUnknown: 'No se pudo comprobar',
    credentialId: 'Folio',
    allChecks: (n) => `Ver las ${n} comprobaciones`,
    checkNames: {
      format: 'Formato legible',
      proof: 'Firma digital',
      key_valid_at_issuance: 'Clave vigente al firmar',
      competency_certificate: 'Certificado de competencia',
      issuer_accredited: 'Organismo acreditado',
      standard_known: 'Estándar en el catálogo',
      validity_window: 'Vigencia',
      revocation: 'No revocado',
      suspension: 'No suspendido',
      superseded: 'No sustituido por una renovación',
      trust_registry_fresh: 'Registro de confianza al día',
    },
    checkPass: 'correcto',
    checkFail: 'falló',
    checkUnknown: 'no comprobado',
    curpTitle: 'Confirmar la identidad',
    curpLabel: 'CURP de la identificación oficial',
    curpHint: 'Escriba los 18 caracteres. Se compara en este dispositivo con la huella que guarda el certificado; la CURP no se envía.',
    curpButton: 'Comprobar CURP',
    curpMatch: 'La CURP coincide con la de este certificado.',
    curpNoMatch: 'La CURP NO coincide con la de este certificado.',
    curpMalformed: 'Una CURP tiene 18 letras y dígitos.',
    bodyKinds: {
      university: 'universidad',
      school: 'escuela',
      employer: 'empresa',
      chamber: 'cámara empresarial',
      union: 'sindicato',
      'third-party': 'organismo independiente',
    },
    savedRegistry: (when) => `Sin conexión: se usó el registro de confianza guardado el ${when}.`,
    verifyAnother: 'Verificar otro certificado',
    inputsTitle: 'Verificar un certificado',
    noscript: 'Este verificador necesita JavaScript: la verificación se hace en su navegador.',
    dateTime: (iso) => safeDate(esDateTime, iso),
    pdfUnreadable: 'No se pudo abrir el PDF. Suba el PDF del certificado tal como se descargó, o una foto del código.',
    noQrInPdf: 'No se encontró un código QR en la primera página del PDF.',
    fileNotSupported: 'Use el PDF del certificado o una imagen PNG o JPEG.',
    cause: {
      offlineNoCopy: 'Sin conexión a internet, y este dispositivo no tiene guardada la lista de estado del certificado: no se pudo comprobar si fue revocado o suspendido. Conéctese y verifique de nuevo.',
      unreachable: (status) => `El servidor de listas de estado no respondió${status ? ` (error ${status})` : ''}: no se pudo comprobar si el certificado fue revocado o suspendido. Inténtelo más tarde.`,
      listExpired: (date) => `La lista de estado guardada en este dispositivo venció el ${date}: no sirve para saber si hoy sigue vigente. Conéctese a internet y verifique de nuevo.`,
      registryOffline: 'Sin conexión a internet, y este dispositivo no tiene guardado el registro nacional de confianza. Conéctese y verifique de nuevo.',
      registryUnreachable: 'El servidor no entregó el registro nacional de confianza. Inténtelo más tarde.',
      registryExpired: (date) => `El registro nacional de confianza guardado en este dispositivo venció el ${date}. Conéctese a internet y verifique de nuevo.`,
      registryInvalid: 'El registro nacional de confianza recibido no es auténtico; no se puede verificar con él.',
    },
    statusAsOf: (when) => `Sin conexión: estado al ${when}, con los datos guardados en este dispositivo.`,
    batchTitle: (n) => `${n} archivos verificados`,
    batchSummary: (valid, total) => `${valid} de ${total} válidos`,
    batchFileError: 'No se pudo leer',
    receiptTitle: 'Comprobante de verificación',
    receiptPrint: 'Imprimir comprobante',
    receiptWhen: 'Fecha y hora',
    receiptWhat: 'Qué se verificó',
    receiptVerdict: 'Resultado',
    receiptRegistry: 'Registro nacional de confianza',
    receiptRegistryLine: (issued, until) => `versión del ${issued}, válido hasta el ${until}`,
    receiptLists: 'Listas de estado consultadas',
    receiptListLine: (id, issued, until) => `${id}: versión del ${issued}, válida hasta el ${until}`,
    receiptNoLists: 'Ninguna',
    receiptFromNetwork: 'obtenido en línea',
    receiptFromDevice: (when) => `copia guardada en este dispositivo el ${when}`,
    receiptFile: (name) => `Archivo «${name}»`,
    receiptPasted: 'Contenido pegado',
    receiptLink: 'Enlace pegado',
    receiptCamera: 'Código QR escaneado con la cámara',
    receiptAddress: 'Enlace del código QR',
    receiptPage: (version) => `Verificador público, versión ${version}`,
    receiptNote: 'La verificación se hizo en este navegador: el certificado no se envió a ningún lado.',
    offlineReady: 'Este verificador ya funciona sin conexión en este dispositivo.',
    date: (iso) => safeDate(esDate, iso),
    plain: {
      PARSING_ERROR: 'No es un certificado legible: el código o el texto está incompleto o dañado.',
      MALFORMED_VALUE_ERROR: 'Le falta un dato o tiene uno mal escrito: no es un certificado correcto.',
      RANGE_ERROR: 'Tiene un dato fuera de rango: no es un certificado correcto.',
      CRYPTOGRAPHIC_SECURITY_ERROR: 'La firma digital no coincide: el certificado fue alterado o no lo firmó el organismo que dice.',
      PROOF_VERIFICATION_ERROR: 'La firma digital no coincide: el certificado fue alterado o no lo firmó el organismo que dice.',
      DATA_LOSS_DETECTION_ERROR: 'Contiene datos que la firma digital no cubre: pudo ser alterado.',
      STATUS_RETRIEVAL_ERROR: 'No se pudo consultar si el certificado fue revocado o suspendido. Compruebe la conexión a internet.',
      STATUS_VERIFICATION_ERROR: 'La lista de revocación recibida no es auténtica, así que no se pudo confirmar que el certificado siga vigente.',
      STATUS_LIST_LENGTH_ERROR: 'La lista de revocación recibida no es válida, así que no se pudo confirmar que el certificado siga vigente.',
      UNTRUSTED_ISSUER: 'Quien lo emitió no está en el registro nacional de organismos certificadores.',
      ISSUER_MISMATCH: 'Lo firmó alguien distinto del organismo que dice haberlo emitido.',
      KEY_NOT_VALID_AT_ISSUANCE: 'Se firmó con una clave que no era válida para ese organismo en esa fecha.',
      NOT_YET_VALID: 'El certificado todavía no entra en vigor.',
      REVOKED: 'El organismo que lo emitió lo revocó: ya no es válido.',
      SUSPENDED: 'El organismo que lo emitió lo suspendió mientras lo revisa.',
      STATUS_STALE: 'El registro nacional de confianza está desactualizado; vuelva a intentarlo con conexión.',
      CONTEXT_NOT_ALLOWED: 'No es un certificado de este sistema.',
      UNSUPPORTED_ALGORITHM: 'Usa un tipo de firma que este verificador no acepta.',
      RESOURCE_LIMIT: 'Es demasiado grande o complejo para ser un certificado.',
      NOT_A_COMPETENCY_CERTIFICATE: 'El organismo la emitió, pero no certifica la competencia de la persona en ningún estándar: no la acepte como certificado de competencia laboral.',
      accreditation: 'El organismo no estaba acreditado para este estándar en la fecha de emisión.',
      standard: 'El estándar que menciona no estaba publicado en el catálogo nacional en la fecha de emisión.',
      expiredOn: (date) => `El certificado venció el ${date}; la persona debe renovarlo.`,
    },
  },
  en: {
    htmlTitle: 'Verify a competency certificate · Avala',
    brand: 'Avala',
    tagline: 'Public verifier of competency certificates',
    otherLanguage: 'Español',
    otherLanguageLabel: 'Cambiar a español',
    intro: 'Check in seconds whether a competency certificate is genuine, was issued by an accredited body, and is still in force.',
    readyTitle: 'Ready to verify',
    readyText: "Scan the certificate's QR code, upload a photo or screenshot, or paste its content.",
    scan: 'Scan with the camera',
    scanStop: 'Stop the camera',
    scanHint: "Point the camera at the certificate's QR code.",
    scanNoCamera: 'This device or browser does not allow the camera here. Upload a photo of the code instead.',
    scanDenied: 'The camera could not be used (permission denied or camera busy). Upload a photo of the code instead.',
    upload: 'Upload PDF or image',
    uploadHint: 'The certificate PDF, or a photo or screenshot (PNG or JPEG). You can choose several files at once.',
    pasteLabel: 'Or paste the content',
    pasteHint: "The share link you were sent, the QR code's link, the JWT, the credential's JSON or the code's digits.",
    verifyButton: 'Verify',
    privacy: 'Verification runs on this device: the certificate is not sent to any server. Only the national trust registry and the public revocation lists are downloaded.',
    checking: 'Verifying…',
    noQrInImage: 'No QR code was found in the image. Try a sharper photo, taken straight on.',
    imageUnreadable: 'The image could not be opened. Use a PNG or JPEG file.',
    notAvalaLink: 'This code is not an Avala certificate: it is a link without certificate content.',
    emptyInput: 'Type or paste something to verify.',
    valid: 'VALID',
    validSub: 'Genuine certificate, issued by an accredited body, and in force.',
    invalid: 'NOT VALID',
    invalidSub: 'Do not accept this certificate.',
    undecided: 'COULD NOT CONFIRM',
    superseded: 'SUPERSEDED',
    supersededSub: (date, by) => `This certificate was replaced on ${date} by certificate ${by}. Ask for the current certificate.`,
    statusSuperseded: 'Replaced by a renewal',
    undecidedSub: 'The signature is genuine, but not everything could be checked. Try again with an internet connection.',
    notCompetency: 'NOT A COMPETENCY CERTIFICATE',
    notCompetencySub: 'Authentic, but not a national competency certificate: it certifies no standard of the national catalogue.',
    cannotCheck: 'COULD NOT VERIFY',
    cannotCheckSub: 'The verifier could not get the national trust registry.',
    trustUnavailable: 'Check your internet connection and try again.',
    reason: 'Reason',
    nothingReliable: 'Do not accept this document: nothing it says can be relied on.',
    worker: 'Certified person',
    holder: 'Holder',
    standard: 'Competency standard',
    level: (n) => `Level ${n}`,
    version: (v) => `version ${v}`,
    body: 'Certifying body',
    accreditation: 'Accreditation',
    accreditedFor: (std) => `Accredited for ${std} on the issue date, according to the national registry.`,
    issued: 'Issued on',
    validUntil: 'Valid until',
    noExpiry: 'Does not expire',
    status: 'Status',
    statusActive: 'In force',
    statusRevoked: 'Revoked',
    statusSuspended: 'Suspended',
    statusExpired: 'Expired',
    statusNotYet: 'Not yet valid',
    statusUnknown: 'Could not be checked',
    credentialId: 'Certificate ID',
    allChecks: (n) => `See all ${n} checks`,
    checkNames: {
      format: 'Readable format',
      proof: 'Digital signature',
      key_valid_at_issuance: 'Key valid when signing',
      competency_certificate: 'Competency certificate',
      issuer_accredited: 'Accredited body',
      standard_known: 'Standard in the catalogue',
      validity_window: 'Validity period',
      revocation: 'Not revoked',
      suspension: 'Not suspended',
      superseded: 'Not replaced by a renewal',
      trust_registry_fresh: 'Trust registry up to date',
    },
    checkPass: 'passed',
    checkFail: 'failed',
    checkUnknown: 'not checked',
    curpTitle: 'Confirm identity',
    curpLabel: 'CURP from the official ID',
    curpHint: 'Type all 18 characters. It is compared on this device with the fingerprint the certificate holds; the CURP is not sent.',
    curpButton: 'Check CURP',
    curpMatch: "The CURP matches this certificate's.",
    curpNoMatch: "The CURP does NOT match this certificate's.",
    curpMalformed: 'A CURP has 18 letters and digits.',
    bodyKinds: {
      university: 'university',
      school: 'school',
      employer: 'employer',
      chamber: 'chamber of commerce',
      union: 'trade union',
      'third-party': 'independent body',
    },
    savedRegistry: (when) => `Offline: the trust registry saved on ${when} was used.`,
    verifyAnother: 'Verify another certificate',
    inputsTitle: 'Verify a certificate',
    noscript: 'This verifier needs JavaScript: verification runs in your browser.',
    dateTime: (iso) => safeDate(enDateTime, iso),
    pdfUnreadable: 'The PDF could not be opened. Upload the certificate PDF as it was downloaded, or a photo of the code.',
    noQrInPdf: 'No QR code was found on the first page of the PDF.',
    fileNotSupported: 'Use the certificate PDF or a PNG or JPEG image.',
    cause: {
      offlineNoCopy: "No internet connection, and this device has no saved copy of the certificate's status list: whether it was revoked or suspended could not be checked. Connect and verify again.",
      unreachable: (status) => `The status list server did not answer${status ? ` (error ${status})` : ''}: whether the certificate was revoked or suspended could not be checked. Try again later.`,
      listExpired: (date) => `The status list saved on this device expired on ${date}: it cannot tell whether the certificate is still in force today. Connect to the internet and verify again.`,
      registryOffline: 'No internet connection, and this device has no saved copy of the national trust registry. Connect and verify again.',
      registryUnreachable: 'The server did not deliver the national trust registry. Try again later.',
      registryExpired: (date) => `The national trust registry saved on this device expired on ${date}. Connect to the internet and verify again.`,
      registryInvalid: 'The national trust registry received is not genuine; nothing can be verified with it.',
    },
    statusAsOf: (when) => `Offline: status as of ${when}, from the data saved on this device.`,
    batchTitle: (n) => `${n} files checked`,
    batchSummary: (valid, total) => `${valid} of ${total} valid`,
    batchFileError: 'Could not be read',
    receiptTitle: 'Verification receipt',
    receiptPrint: 'Print receipt',
    receiptWhen: 'Date and time',
    receiptWhat: 'What was checked',
    receiptVerdict: 'Result',
    receiptRegistry: 'National trust registry',
    receiptRegistryLine: (issued, until) => `version of ${issued}, valid until ${until}`,
    receiptLists: 'Status lists consulted',
    receiptListLine: (id, issued, until) => `${id}: version of ${issued}, valid until ${until}`,
    receiptNoLists: 'None',
    receiptFromNetwork: 'fetched online',
    receiptFromDevice: (when) => `copy saved on this device on ${when}`,
    receiptFile: (name) => `File “${name}”`,
    receiptPasted: 'Pasted content',
    receiptLink: 'Pasted link',
    receiptCamera: 'QR code scanned with the camera',
    receiptAddress: "The QR code's link",
    receiptPage: (version) => `Public verifier, version ${version}`,
    receiptNote: 'The verification ran in this browser: the certificate was not sent anywhere.',
    offlineReady: 'This verifier now works offline on this device.',
    date: (iso) => safeDate(enDate, iso),
    plain: {
      PARSING_ERROR: 'This is not a readable certificate: the code or text is incomplete or damaged.',
      MALFORMED_VALUE_ERROR: 'A detail is missing or badly written: this is not a proper certificate.',
      RANGE_ERROR: 'A detail is out of range: this is not a proper certificate.',
      CRYPTOGRAPHIC_SECURITY_ERROR: 'The digital signature does not match: the certificate was altered, or the body it names did not sign it.',
      PROOF_VERIFICATION_ERROR: 'The digital signature does not match: the certificate was altered, or the body it names did not sign it.',
      DATA_LOSS_DETECTION_ERROR: 'It holds data the digital signature does not cover: it may have been altered.',
      STATUS_RETRIEVAL_ERROR: 'Whether the certificate was revoked or suspended could not be checked. Check the internet connection.',
      STATUS_VERIFICATION_ERROR: 'The revocation list received is not genuine, so the certificate could not be confirmed as in force.',
      STATUS_LIST_LENGTH_ERROR: 'The revocation list received is not valid, so the certificate could not be confirmed as in force.',
      UNTRUSTED_ISSUER: 'Whoever issued it is not in the national registry of certifying bodies.',
      ISSUER_MISMATCH: 'It was signed by someone other than the body it claims was the issuer.',
      KEY_NOT_VALID_AT_ISSUANCE: 'It was signed with a key that was not valid for that body on that date.',
      NOT_YET_VALID: 'The certificate is not in force yet.',
      REVOKED: 'The body that issued it has revoked it: it is no longer valid.',
      SUSPENDED: 'The body that issued it has suspended it while it is reviewed.',
      STATUS_STALE: 'The national trust registry is out of date; try again online.',
      CONTEXT_NOT_ALLOWED: 'This is not a certificate of this system.',
      UNSUPPORTED_ALGORITHM: 'It uses a kind of signature this verifier does not accept.',
      RESOURCE_LIMIT: 'It is too large or complex to be a certificate.',
      NOT_A_COMPETENCY_CERTIFICATE: "The body issued it, but it certifies the holder's competence in no standard: do not accept it as a competency certificate.",
      accreditation: 'The body was not accredited for this standard on the issue date.',
      standard: 'The standard it names was not published in the national catalogue on the issue date.',
      expiredOn: (date) => `The certificate expired on ${date}; the holder must renew it.`,
    },
  },
};
