// The endpoint configuration every suite reads: run-suites.sh copies this file into each suite's root as
// localConfig.cjs (vc-test-suite-implementations loads `<suite root>/localConfig.cjs`).
// A suite uses the first endpoint that carries the tag it wants, hence one issuer entry per variant.
//   BASE_URL          the TLS proxy in front of Avala (start.sh writes it to env.sh)
//   AVALA_ISSUER_DID  the conformance body's did:key: Avala signs only as a body it holds the key of
//   AVALA_API_KEY     the certifier's API key, sent as a header by the issuer entries
//   VERIFY_CHECKS     VC-API `checks` the verifiers ask for (default "proof"; empty: none sent, i.e. Avala's whole
//                     default set, whose trust policy no suite credential can meet)
//   BSL_VERIFY_CHECKS the same for the BitstringStatusList verifier (default "proof,credentialStatus")
const baseUrl = process.env.BASE_URL ?? 'https://127.0.0.1:4143';
const did = process.env.AVALA_ISSUER_DID;
if(!did) {
  throw new Error('local-config.cjs: AVALA_ISSUER_DID is not set (source .conformance/run/env.sh)');
}
const headers = process.env.AVALA_API_KEY ?
  {Authorization: `Bearer ${process.env.AVALA_API_KEY}`} : undefined;

// `options` is a getter so each Endpoint (which spreads these settings) gets an object of its own: the vc2.0
// suite sets `options.challenge` on it, and a shared object carried one test's challenge into the next.
function asking(settings, checks) {
  if(!checks) {
    return settings;
  }
  return Object.defineProperty(settings, 'options', {
    get: () => ({checks: checks.split(',')}),
    enumerable: true
  });
}

const issueUrl = `${baseUrl}/credentials/issue`;
const verifyUrl = `${baseUrl}/credentials/verify`;
const verifyVpUrl = `${baseUrl}/presentations/verify`;
const checks = process.env.VERIFY_CHECKS ?? 'proof';
const statusChecks = process.env.BSL_VERIFY_CHECKS ?? 'proof,credentialStatus';

module.exports = {
  settings: {enableInteropTests: false, testAllImplementations: false},
  implementations: [{
    name: 'Avala',
    implementation: 'Avala',
    issuers: [{
      // eddsa-rdfc-2022 Data Integrity, no status entries
      id: did, endpoint: issueUrl, headers, supports: {vc: ['2.0']},
      tags: ['vc2.0', 'eddsa-rdfc-2022', 'vc-api']
    }, {
      // the same, with a revocation and a suspension BitstringStatusListEntry
      id: did, endpoint: issueUrl, headers, supports: {vc: ['2.0']},
      options: {credentialStatus: true},
      tags: ['BitstringStatusList']
    }, {
      // VC-JOSE: an EnvelopedVerifiableCredential (data:application/vc+jwt,...). The CCG issuer suite's JWT
      // block looks for 'vc-api' and 'JWT' together; its other blocks still take the first entry.
      id: did, endpoint: issueUrl, headers, supports: {vc: ['2.0']},
      options: {securingMechanism: 'vc+jwt'},
      tags: ['EnvelopingProof', 'JWT', 'vc-api']
    }],
    verifiers: [
      asking({
        id: did, endpoint: verifyUrl, supports: {vc: ['2.0']},
        tags: ['vc2.0', 'eddsa-rdfc-2022', 'vc-api', 'EnvelopingProof', 'JWT']
      }, checks),
      asking({
        id: did, endpoint: verifyUrl, supports: {vc: ['2.0']},
        tags: ['BitstringStatusList']
      }, statusChecks)
    ],
    vpVerifiers: [
      asking({
        id: did, endpoint: verifyVpUrl, supports: {vc: ['2.0']},
        tags: ['vc2.0', 'EnvelopingProof', 'vc-api']
      }, checks)
    ],
    // vc-jose-cose-test-suite drives a CLI through `docker compose run`: bin/docker stands in for it
    'jose-cose': {
      features: {
        credential_jose: true, credential_cose: false, credential_sdjwt: false,
        presentation_jose: true, presentation_cose: false, presentation_sdjwt: false
      }
    }
  }]
};
