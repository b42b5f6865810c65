/** The shape every data set here has: 28×28 uint8 images (784 features) and 10 digit classes. */
export const IMAGE_ROWS = 28;
export const IMAGE_COLS = 28;
export const FEATURES = IMAGE_ROWS * IMAGE_COLS;
export const CLASSES = 10;
