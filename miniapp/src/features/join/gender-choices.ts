import { Gender, genderLabel } from '@shared/schemas/membership';

/** 女 / 男, in the schema's order, for the join form and 补填性别. */
export const genderChoices = Gender.options.map((g) => ({ value: g, label: genderLabel[g] }));
