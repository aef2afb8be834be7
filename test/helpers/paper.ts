/** The paper's net as published: the 11 transitions of Fig. 2 / Eqs. 23–33, in equation order. */
export const PAPER_TRANSITIONS = [
  'Gen_Keys',
  'Send_Keys',
  'Gen_ri',
  'Encrypt_Pi',
  'Compt_Ri',
  'Send_C',
  'Send_Ri',
  'D_C',
  'D_R_S',
  'D_R_F',
  'Decrypt_C',
] as const;
