/** Time and randomness are passed into domain services so tests can freeze them. */
export type Clock = () => Date;
export type IdGenerator = () => string;

export const systemClock: Clock = () => new Date();
