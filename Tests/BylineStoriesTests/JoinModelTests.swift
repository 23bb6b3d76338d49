import Foundation
import Testing
import BylineStories

@Suite struct JoinModelTests {
    @Test func the_fit_recovers_the_group_frequencies_of_a_saturated_model() {
        // x = 0: one of two pairs joins (p = 1/2, so bias 0); x = 1: three of four (p = 3/4, so
        // bias + weight = ln 3). Without a penalty, the maximum-likelihood fit is exactly these.
        let model = JoinModel.fit([[0], [0], [1], [1], [1], [1]], labels: [false, true, false, true, true, true], l2: 0)
        #expect(abs(model.bias) < 1e-6)
        #expect(abs(model.weights[0] - log(3)) < 1e-6)
        #expect(abs(model.probability([1]) - 0.75) < 1e-6)
    }

    @Test func the_shipped_model_rises_with_every_similarity_and_falls_with_the_gap() throws {
        let model = try #require(ClusterSettings.default.joinModel)
        #expect(model.weights.count == JoinFeatures.names.count)
        let base = JoinFeatures(cosine: 0.3, titleCosine: 0.3, nameCosine: 0.3, memberScore: 0.1, bestMember: 0.3, gapDays: 1, storySize: 3)
        for index in 0..<5 {
            var values = base.values
            values[index] += 0.1
            #expect(model.probability(values) > model.probability(base))
        }
        var later = base
        later.gapDays = 30
        #expect(model.probability(later) < model.probability(base))
    }
}
