package io.faceattend.server.identification;

import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;

/**
 * Exact scores over the half-precision templates, for building and for searching the graph: the
 * query is a float array, each row is decoded inside the dot product. Scores are jvector's
 * DOT_PRODUCT similarity of unit vectors, (1 + cosine) / 2.
 */
final class HalfPrecisionScores implements BuildScoreProvider {

  private final TemplateVectors vectors;

  HalfPrecisionScores(TemplateVectors vectors) {
    this.vectors = vectors;
  }

  /** Exact scores of every row against a unit-length query. */
  static SearchScoreProvider providerFor(TemplateVectors vectors, float[] query) {
    ScoreFunction.ExactScoreFunction score = row -> (1 + vectors.cosine(query, row)) / 2;
    return new DefaultSearchScoreProvider(score);
  }

  @Override
  public boolean isExact() {
    return true;
  }

  @Override
  public VectorFloat<?> approximateCentroid() {
    int dimension = vectors.dimension();
    float[] sum = new float[dimension];
    for (int row = 0; row < vectors.size(); row++) {
      float[] values = vectors.row(row);
      for (int i = 0; i < dimension; i++) {
        sum[i] += values[i];
      }
    }
    if (vectors.size() > 0) {
      for (int i = 0; i < dimension; i++) {
        sum[i] /= vectors.size();
      }
    }
    return TemplateVectors.vector(sum);
  }

  @Override
  public SearchScoreProvider searchProviderFor(VectorFloat<?> vector) {
    float[] query = new float[vector.length()];
    for (int i = 0; i < query.length; i++) {
      query[i] = vector.get(i);
    }
    return providerFor(vectors, query);
  }

  @Override
  public SearchScoreProvider searchProviderFor(int row) {
    return providerFor(vectors, vectors.row(row));
  }

  @Override
  public SearchScoreProvider diversityProviderFor(int row) {
    return providerFor(vectors, vectors.row(row));
  }
}
