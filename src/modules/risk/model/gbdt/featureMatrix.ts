/** Column-major numeric feature matrix: one Float64Array per feature, NaN = missing. */
export interface FeatureMatrix {
  featureNames: string[];
  columns: Float64Array[];
  rowCount: number;
}

export function createFeatureMatrix(featureNames: string[], rowCount: number): FeatureMatrix {
  return {
    featureNames,
    columns: featureNames.map(() => new Float64Array(rowCount)),
    rowCount,
  };
}

export function matrixRow(matrix: FeatureMatrix, rowIndex: number): Float64Array {
  const row = new Float64Array(matrix.columns.length);
  for (let feature = 0; feature < matrix.columns.length; feature++) {
    row[feature] = matrix.columns[feature][rowIndex];
  }
  return row;
}

/** A view on some of the columns (shared, not copied), in the order given. */
export function selectFeatures(matrix: FeatureMatrix, featureNames: readonly string[]): FeatureMatrix {
  const columns = featureNames.map((name) => {
    const index = matrix.featureNames.indexOf(name);
    if (index < 0) throw new Error(`feature matrix has no feature "${name}"`);
    return matrix.columns[index];
  });
  return { featureNames: [...featureNames], columns, rowCount: matrix.rowCount };
}
