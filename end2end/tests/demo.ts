// The demo accounts that `resellerdesk serve --demo` loads (server/src/demo.rs).
export const admin = { email: 'admin@example.com', password: 'Admin!2026' };
export const persianReseller = { email: 'parsweb@example.com', password: 'Reseller!2026', name: 'نگار محمدی' };
export const englishReseller = { email: 'northhost@example.com', password: 'Reseller!2026', name: 'Olivia Carter' };
export const persianClient = { email: 'sara.ahmadi@example.com', password: 'Client!2026', brand: 'parsweb', brandName: 'پارس‌وب' };
