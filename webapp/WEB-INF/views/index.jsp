<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Home">
  <h1>Hi, <c:out value="${currentUser.username}"/>!</h1>
  <form class="form post-form" method="post" action="<c:url value='/index'/>" novalidate>
    <t:csrf/>
    <div class="field">
      <label for="post">Say something</label>
      <textarea id="post" name="post" rows="3" cols="40" maxlength="140"<t:describedBy field="post"/>><c:out value="${param.post}"/></textarea>
      <t:errors field="post"/>
    </div>
    <div class="actions"><input class="button" type="submit" name="submit" value="Submit"></div>
  </form>
  <h2>Latest posts</h2>
  <c:choose>
    <c:when test="${empty posts}"><p class="aside">No posts yet. Say something!</p></c:when>
    <c:otherwise>
      <ol class="posts">
        <c:forEach var="post" items="${posts}">
          <li class="post"><p><c:out value="${post.author} says: ${post.body}"/></p></li>
        </c:forEach>
      </ol>
    </c:otherwise>
  </c:choose>
</t:layout>
