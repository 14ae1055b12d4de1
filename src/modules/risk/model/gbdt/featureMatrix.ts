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

export function featureMatrixFromRows(featureNames: string[], rows: readonly ArrayLike<number>[]): FeatureMatrix {
  const matrix = createFeatureMatrix(featureNames, rows.length);
  rows.forEach((row, rowIndex) => {
    if (row.length !== featureNames.length) {
      throw new Error(`row ${rowIndex} has ${row.length} values, expected ${featureNames.length}`);
    }
    for (let feature = 0; feature < featureNames.length; feature++) {
      matrix.columns[feature][rowIndex] = row[feature];
    }
  });
  return matrix;
}
