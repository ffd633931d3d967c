export const ROLE_VALUES = ["customer", "staff", "admin"] as const;
export type Role = (typeof ROLE_VALUES)[number];

export const ROLE_LABEL: Record<Role, string> = { customer: "Customer", staff: "Staff", admin: "Admin" };

export const ROLE_HINT: Record<Role, string> = {
  customer: "Shops; no back office.",
  staff: "Back office: orders, fulfilment and stock; not prices, refunds, customers or the audit log.",
  admin: "Everything, including roles, refunds and blocks.",
};
