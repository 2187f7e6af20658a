/** The catalog module's public API: what other modules, workflows, queries and routes may use. */
export { productCategories, products } from './schema.js';
export { countProductsOfSupplier, createProduct, deactivateProductsOfSupplier, getProduct, listProducts, updateProduct } from './service.js';
export type { Product, ProductInput } from './service.js';
export type { ProductCategory } from './schema.js';
